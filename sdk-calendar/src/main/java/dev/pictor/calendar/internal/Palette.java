package dev.pictor.calendar.internal;

import java.awt.Color;
import java.util.List;

/**
 * The colours a page is drawn in, derived from a theme's colour scheme so that text stays legible
 * whatever the scheme (seed 001's family scheme is three pale pinks): a paper tint from the lightest
 * colour, ink from the darkest darkened to a WCAG contrast of at least 4.5 against the paper, an
 * accent from the most saturated colour darkened to at least 2.5, and a soft line colour.
 * Immutable; thread-safe.
 *
 * @param paper the page background
 * @param ink text
 * @param accent frames, weekends, ornaments
 * @param soft grid lines and fills
 */
public record Palette(Color paper, Color ink, Color accent, Color soft) {

  /** The palette of a theme's {@code #RRGGBB} colours. */
  public static Palette of(List<String> hex) {
    Color lightest = null;
    Color darkest = null;
    Color vivid = null;
    for (String h : hex) {
      Color c = Color.decode(h);
      if (lightest == null || luminance(c) > luminance(lightest)) lightest = c;
      if (darkest == null || luminance(c) < luminance(darkest)) darkest = c;
      if (vivid == null || saturation(c) > saturation(vivid)) vivid = c;
    }
    Color paper = mix(lightest, Color.WHITE, 0.65);
    Color ink = until(darkest, paper, 4.5);
    Color accent = until(saturation(vivid) < 0.1 ? darkest : vivid, paper, 2.5);
    Color soft = mix(accent, paper, 0.75);
    return new Palette(paper, ink, accent, soft);
  }

  /** {@code a} moved towards {@code b} by {@code t} (0 keeps {@code a}, 1 gives {@code b}). */
  static Color mix(Color a, Color b, double t) {
    return new Color(
        (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
        (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
        (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
  }

  /** {@code c} darkened step by step until its contrast against {@code background} reaches {@code ratio}. */
  static Color until(Color c, Color background, double ratio) {
    Color out = c;
    for (int i = 0; i < 20 && contrast(out, background) < ratio; i++) out = mix(out, Color.BLACK, 0.15);
    return out;
  }

  /** The WCAG contrast ratio of two colours, 1 to 21. */
  static double contrast(Color a, Color b) {
    double la = luminance(a) + 0.05;
    double lb = luminance(b) + 0.05;
    return Math.max(la, lb) / Math.min(la, lb);
  }

  /** WCAG relative luminance, 0 to 1. */
  static double luminance(Color c) {
    return 0.2126 * channel(c.getRed()) + 0.7152 * channel(c.getGreen()) + 0.0722 * channel(c.getBlue());
  }

  private static double channel(int v) {
    double s = v / 255.0;
    return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  }

  private static double saturation(Color c) {
    float[] hsb = Color.RGBtoHSB(c.getRed(), c.getGreen(), c.getBlue(), null);
    return hsb[1];
  }
}
