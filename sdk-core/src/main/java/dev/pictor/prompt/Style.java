package dev.pictor.prompt;

import dev.pictor.InvalidRequestException;
import java.util.Locale;

/**
 * A named visual style for a {@link StylePrompt}, each carrying a short description the prompt
 * uses. Any other style can be given to {@link StylePrompt.Builder#style(String)} as free text.
 * Immutable and thread-safe.
 */
public enum Style {
  /** Neon-lit, futuristic night-city look. */
  CYBERPUNK("a cyberpunk scene with glowing neon lighting and a futuristic night-city mood"),
  /** Translucent washes of paint on textured paper. */
  WATERCOLOR("a watercolour painting with translucent washes of colour and visible paper texture"),
  /** Thick, visible brushstrokes and rich colour. */
  OIL_PAINTING("an oil painting with thick, visible brushstrokes and rich, deep colour"),
  /** Graphite lines and shading on paper, without colour. */
  PENCIL_SKETCH("a graphite pencil sketch with fine linework and hand-drawn shading, in black and white"),
  /** Clean outlines and flat cel shading, as in Japanese animation. */
  ANIME("an anime illustration with clean outlines, flat cel shading and vivid colours"),
  /** Old photographic film: grain, faded warm tones, a nostalgic feel. */
  VINTAGE_FILM("a vintage film photograph with visible grain, faded warm sepia tones and a nostalgic feel");

  private final String phrase;

  Style(String phrase) {
    this.phrase = phrase;
  }

  /** The words that describe the style inside the prompt. */
  String phrase() {
    return phrase;
  }

  /** The lowercase name with dashes: {@code cyberpunk}, {@code oil-painting}, {@code vintage-film}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses {@link #wireName()}, ignoring case, surrounding spaces, and '_' or ' ' in place of '-'.
   *
   * @throws InvalidRequestException naming {@code style} and listing the named styles
   */
  public static Style fromWireName(String name) {
    if (name != null) {
      String wanted = name.strip().replace('_', '-').replace(' ', '-');
      for (Style s : values()) {
        if (s.wireName().equalsIgnoreCase(wanted)) return s;
      }
    }
    StringBuilder known = new StringBuilder();
    for (Style s : values()) known.append(known.length() == 0 ? "" : ", ").append(s.wireName());
    throw new InvalidRequestException("style", "style '" + name + "' is not one of " + known);
  }
}
