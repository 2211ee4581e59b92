package dev.pictor.calendar.internal;

import dev.pictor.calendar.CalendarLayout.Frame;
import java.awt.Color;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/** Draws a photo into its slot in a theme's frame style. Stateless; thread-safe. */
final class Frames {
  private Frames() {}

  /** The photo, cropped to fill the slot ({@code x}, {@code y}, {@code w}, {@code h}), framed. */
  static void draw(PageCanvas c, Frame frame, Palette p, PDImageXObject image, float x, float y, float w, float h)
      throws IOException {
    float unit = Math.min(w, h) / 100f;
    switch (frame) {
      case NONE:
        c.cover(image, x, y, w, h, 0);
        break;
      case CLEAN_LINE:
        c.cover(image, x, y, w, h, 0);
        c.stroke(p.ink(), 0.8f, x, y, w, h);
        break;
      case ROUNDED_WARM: {
        float r = 6 * unit;
        c.cover(image, x, y, w, h, r);
        c.cs.setStrokingColor(p.accent());
        c.cs.setLineWidth(Math.max(1.5f, unit * 0.9f));
        c.roundedPath(x, y, w, h, r);
        c.cs.stroke();
        break;
      }
      case ELEGANT_DOUBLE: {
        float gap = 2.2f * unit;
        c.cover(image, x + 2 * gap, y + 2 * gap, w - 4 * gap, h - 4 * gap, 0);
        c.stroke(p.accent(), 1.2f, x + gap, y + gap, w - 2 * gap, h - 2 * gap);
        c.stroke(p.accent(), 0.5f, x, y, w, h);
        break;
      }
      case BOLD_BLOCK: {
        float t = 2.5f * unit;
        c.fill(p.accent(), x, y, w, h);
        c.cover(image, x + t, y + t, w - 2 * t, h - 2 * t, 0);
        break;
      }
      case PLAYFUL_ROUNDED: {
        float r = 14 * unit;
        float t = 1.6f * unit;
        c.cover(image, x + t, y + t, w - 2 * t, h - 2 * t, r);
        c.cs.setStrokingColor(p.accent());
        c.cs.setLineWidth(t);
        c.cs.setLineDashPattern(new float[] {4 * t, 2.5f * t}, 0);
        c.roundedPath(x + t / 2, y + t / 2, w - t, h - t, r);
        c.cs.stroke();
        c.cs.setLineDashPattern(new float[0], 0);
        break;
      }
      case POLAROID: {
        float side = 3.5f * unit;
        float bottom = 12 * unit;
        c.fill(Palette.mix(p.ink(), p.paper(), 0.8), x + unit, y - unit, w, h); // the card's shadow
        c.fill(Color.WHITE, x, y, w, h);
        c.stroke(p.soft(), 0.5f, x, y, w, h);
        c.cover(image, x + side, y + bottom, w - 2 * side, h - side - bottom, 0);
        break;
      }
      case VINTAGE_CORNERS: {
        float gap = 2 * unit;
        c.cover(image, x + gap, y + gap, w - 2 * gap, h - 2 * gap, 0);
        c.stroke(p.ink(), 0.6f, x, y, w, h);
        float s = 9 * unit;
        corner(c, p.accent(), x, y, s, 1, 1);
        corner(c, p.accent(), x + w, y, s, -1, 1);
        corner(c, p.accent(), x, y + h, s, 1, -1);
        corner(c, p.accent(), x + w, y + h, s, -1, -1);
        break;
      }
      default:
        throw new IllegalArgumentException("no drawing for frame " + frame);
    }
  }

  /** A photo-album corner: a triangle over the photo's corner at ({@code x}, {@code y}). */
  private static void corner(PageCanvas c, Color color, float x, float y, float s, int dx, int dy) throws IOException {
    c.cs.setNonStrokingColor(color);
    c.cs.moveTo(x, y);
    c.cs.lineTo(x + dx * s, y);
    c.cs.lineTo(x, y + dy * s);
    c.cs.closePath();
    c.cs.fill();
  }
}
