package dev.pictor.prompt;

import dev.pictor.InvalidRequestException;
import java.util.Locale;

/**
 * The shadow a {@link ProductPhotoPrompt} asks for under the product: the three presets of a
 * product-photo workflow, from barely there to bold. {@link #SOFT} is the default and the usual
 * choice for a catalogue. Immutable and thread-safe.
 */
public enum Shadow {
  /** A faint contact shadow that is barely visible: the product seems to rest on the backdrop. */
  MINIMAL("a faint contact shadow directly under the product, barely visible"),
  /** A diffused, natural shadow that gives the product gentle depth. The default. */
  SOFT("a soft, diffused shadow falling naturally beneath the product to give it gentle depth"),
  /** A bold shadow with crisp edges and high contrast, for visual impact. */
  DRAMATIC("a bold, high-contrast shadow with crisp edges that gives the product strong visual impact");

  private final String phrase;

  Shadow(String phrase) {
    this.phrase = phrase;
  }

  /** The words that go into the prompt after "Add". */
  String phrase() {
    return phrase;
  }

  /** The lowercase name used in settings, JSON and A/B variant names: {@code minimal}, {@code soft}, {@code dramatic}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@link #wireName()}, ignoring case and surrounding spaces, as stored in settings.
   *
   * @throws InvalidRequestException naming {@code shadow} when the name is not one of the three
   */
  public static Shadow fromWireName(String name) {
    if (name != null) {
      for (Shadow s : values()) {
        if (s.wireName().equalsIgnoreCase(name.strip())) return s;
      }
    }
    throw new InvalidRequestException("shadow", "shadow '" + name + "' is not one of minimal, soft, dramatic");
  }
}
