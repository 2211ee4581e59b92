package dev.pictor.calendar.internal;

import dev.pictor.calendar.CalendarLayout.Decoration;
import java.io.IOException;

/** Draws a theme's decorations at given spots, each a small cluster in the theme's colours. Stateless; thread-safe. */
final class Ornaments {
  private Ornaments() {}

  /** A cluster of the decoration centred on ({@code x}, {@code y}), about {@code s} across. */
  static void draw(PageCanvas c, Decoration d, Palette p, float x, float y, float s) throws IOException {
    switch (d) {
      case NONE:
        return;
      case ROSES_HEARTS:
        c.heart(p.accent(), x, y, s * 0.55f);
        c.heart(p.soft(), x + s * 0.42f, y + s * 0.22f, s * 0.32f);
        c.circle(p.accent(), x - s * 0.42f, y + s * 0.25f, s * 0.09f);
        c.circle(p.soft(), x - s * 0.30f, y - s * 0.30f, s * 0.07f);
        return;
      case STARS:
        c.star(p.accent(), x, y, s * 0.3f);
        c.star(p.soft(), x + s * 0.42f, y + s * 0.25f, s * 0.16f);
        c.star(p.soft(), x - s * 0.40f, y - s * 0.22f, s * 0.12f);
        return;
      case LEAVES:
        c.leaf(p.accent(), p.paper(), x, y, s * 0.6f);
        c.leaf(p.soft(), p.paper(), x + s * 0.38f, y - s * 0.18f, s * 0.38f);
        return;
      case BALLOONS:
        balloon(c, p.accent(), p, x - s * 0.18f, y + s * 0.05f, s * 0.2f);
        balloon(c, p.soft(), p, x + s * 0.2f, y + s * 0.18f, s * 0.16f);
        return;
      default:
        throw new IllegalArgumentException("no drawing for decoration " + d);
    }
  }

  private static void balloon(PageCanvas c, java.awt.Color color, Palette p, float x, float y, float r) throws IOException {
    c.line(p.ink(), 0.5f, x, y - r, x + r * 0.2f, y - r * 3.2f);
    c.cs.setNonStrokingColor(color);
    c.cs.saveGraphicsState();
    c.cs.transform(org.apache.pdfbox.util.Matrix.getScaleInstance(1f, 1.2f));
    c.circlePath(x, y / 1.2f, r);
    c.cs.fill();
    c.cs.restoreGraphicsState();
  }
}
