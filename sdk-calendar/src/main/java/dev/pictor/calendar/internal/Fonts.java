package dev.pictor.calendar.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * The fonts every calendar embeds: DejaVu Sans and DejaVu Sans Bold, read from the
 * {@code net.sf.jasperreports:jasperreports-fonts} jar on the class path, never from the machine.
 * DejaVu's licence (Bitstream Vera's, with DejaVu's changes in the public domain) allows embedding
 * and redistribution; the jar carries it as {@code net/sf/jasperreports/fonts/dejavu/LICENSE}.
 * Thread-safe; the bytes are read once.
 */
public final class Fonts {
  /** Where the regular face lives in the fonts jar. */
  public static final String REGULAR = "/net/sf/jasperreports/fonts/dejavu/DejaVuSans.ttf";
  /** Where the bold face lives in the fonts jar. */
  public static final String BOLD = "/net/sf/jasperreports/fonts/dejavu/DejaVuSans-Bold.ttf";

  private static volatile byte[] regular;
  private static volatile byte[] bold;
  private static volatile CmapLookup cmap;

  private Fonts() {}

  /** The regular face's TTF bytes (shared; do not modify). */
  public static byte[] regular() {
    byte[] b = regular;
    if (b == null) regular = b = load(REGULAR);
    return b;
  }

  /** The bold face's TTF bytes (shared; do not modify). */
  public static byte[] bold() {
    byte[] b = bold;
    if (b == null) bold = b = load(BOLD);
    return b;
  }

  /** Whether the packaged font has a glyph for every character of {@code text}. */
  public static boolean covers(String text) {
    CmapLookup lookup = cmap();
    return text.codePoints().allMatch(cp -> Character.isWhitespace(cp) || lookup.getGlyphId(cp) != 0);
  }

  private static CmapLookup cmap() {
    CmapLookup c = cmap;
    if (c == null) {
      try {
        TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(regular()));
        cmap = c = ttf.getUnicodeCmapLookup();
      } catch (IOException e) {
        throw new UncheckedIOException("reading the packaged DejaVu Sans font", e);
      }
    }
    return c;
  }

  private static byte[] load(String resource) {
    try (InputStream in = Fonts.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("font " + resource + " is missing: sdk-calendar needs"
            + " net.sf.jasperreports:jasperreports-fonts on the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading font " + resource, e);
    }
  }
}
