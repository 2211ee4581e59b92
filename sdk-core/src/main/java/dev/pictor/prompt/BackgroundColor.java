package dev.pictor.prompt;

import dev.pictor.InvalidRequestException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a product-photo background colour, given by name or as hex, into words for a prompt. The
 * named colours are the four a product-photo admin offers; any other hex colour is described by
 * its hex value and a rough name (lightness and hue) computed from it, so the same input always
 * gives the same words. Stateless and thread-safe.
 */
final class BackgroundColor {
  /** Words for each named colour, by its canonical hex value. */
  private static final Map<String, String> WORDS_BY_HEX = new LinkedHashMap<>();
  /** Hex value of each accepted name, after {@link #normaliseName}. */
  private static final Map<String, String> HEX_BY_NAME = new LinkedHashMap<>();
  private static final Pattern HEX = Pattern.compile("#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})");
  static final String ALLOWED = "a named colour (white, light gray or light grey, warm white, cool white)"
      + " or a hex colour #RRGGBB or #RGB";

  static {
    named("#FFFFFF", "pure white", "white");
    named("#F3F4F6", "light grey", "light gray", "light grey");
    named("#FFF8F0", "warm white with a hint of cream", "warm white");
    named("#F0F9FF", "cool white with a hint of blue", "cool white");
  }

  private BackgroundColor() {}

  private static void named(String hex, String words, String... names) {
    WORDS_BY_HEX.put(hex, words);
    for (String n : names) HEX_BY_NAME.put(n, hex);
  }

  /**
   * The prompt words for {@code colour}: a named colour's words, or for other hex values the rough
   * name and the hex, such as {@code "dark blue (hex #1E3A8A)"}.
   *
   * @throws InvalidRequestException naming {@code background}, the value and what is allowed
   */
  static String describe(String colour) {
    if (colour == null) throw refused(null);
    String hex = HEX_BY_NAME.get(normaliseName(colour));
    if (hex == null) {
      String trimmed = colour.strip();
      if (!HEX.matcher(trimmed).matches()) throw refused(colour);
      hex = canonicalHex(trimmed);
    }
    String words = WORDS_BY_HEX.get(hex);
    return words != null ? words : roughName(hex) + " (hex " + hex + ")";
  }

  /** Lowercase, with runs of spaces, '-' and '_' made one space: "Light-Grey" reads as "light grey". */
  private static String normaliseName(String name) {
    return name.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", " ");
  }

  /** {@code #rgb} or {@code #rrggbb} as upper-case {@code #RRGGBB}. */
  private static String canonicalHex(String hex) {
    String digits = hex.substring(1).toUpperCase(Locale.ROOT);
    if (digits.length() == 3) {
      digits = "" + digits.charAt(0) + digits.charAt(0) + digits.charAt(1) + digits.charAt(1)
          + digits.charAt(2) + digits.charAt(2);
    }
    return "#" + digits;
  }

  /** A plain name from HSL lightness and hue: "white", "dark grey", "light blue", "very dark red". */
  static String roughName(String canonicalHex) {
    int rgb = Integer.parseInt(canonicalHex.substring(1), 16);
    double r = ((rgb >> 16) & 0xFF) / 255.0;
    double g = ((rgb >> 8) & 0xFF) / 255.0;
    double b = (rgb & 0xFF) / 255.0;
    double max = Math.max(r, Math.max(g, b));
    double min = Math.min(r, Math.min(g, b));
    double chroma = max - min;
    double lightness = (max + min) / 2;
    // Below this chroma the eye sees no hue (an off-white or a grey), whatever HSL saturation says.
    if (chroma < 0.08) {
      if (lightness >= 0.95) return "white";
      if (lightness >= 0.70) return "light grey";
      if (lightness >= 0.40) return "grey";
      if (lightness >= 0.12) return "dark grey";
      return "black";
    }
    double hue;
    if (max == r) hue = 60 * (((g - b) / chroma + 6) % 6);
    else if (max == g) hue = 60 * ((b - r) / chroma + 2);
    else hue = 60 * ((r - g) / chroma + 4);
    return lightnessWord(lightness) + hueWord(hue);
  }

  private static String lightnessWord(double lightness) {
    if (lightness >= 0.85) return "very light ";
    if (lightness >= 0.65) return "light ";
    if (lightness >= 0.35) return "";
    if (lightness >= 0.15) return "dark ";
    return "very dark ";
  }

  private static String hueWord(double hue) {
    if (hue < 15 || hue >= 345) return "red";
    if (hue < 45) return "orange";
    if (hue < 70) return "yellow";
    if (hue < 165) return "green";
    if (hue < 200) return "cyan";
    if (hue < 255) return "blue";
    if (hue < 290) return "purple";
    return "magenta";
  }

  private static InvalidRequestException refused(String value) {
    return new InvalidRequestException("background", "background '" + value + "' is not " + ALLOWED);
  }
}
