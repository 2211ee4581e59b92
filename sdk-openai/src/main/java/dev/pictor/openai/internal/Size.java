package dev.pictor.openai.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image size in pixels, written {@code WxH} as OpenAI's {@code size} field takes it. Immutable.
 *
 * @param width the width in pixels
 * @param height the height in pixels
 */
public record Size(int width, int height) {
  private static final Pattern WXH = Pattern.compile("([1-9][0-9]{0,5})x([1-9][0-9]{0,5})");

  /** {@code "1024x1536"} as a size, or null when the text is not {@code WxH}. */
  public static Size parse(String text) {
    if (text == null) return null;
    Matcher m = WXH.matcher(text.trim());
    return m.matches() ? new Size(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : null;
  }

  /** {@code WxH}. */
  public String wire() {
    return width + "x" + height;
  }

  long pixels() {
    return (long) width * height;
  }

  /** Whether this size has exactly the ratio {@code a:b}. */
  boolean hasRatio(int a, int b) {
    return (long) width * b == (long) height * a;
  }

  @Override
  public String toString() {
    return wire();
  }
}
