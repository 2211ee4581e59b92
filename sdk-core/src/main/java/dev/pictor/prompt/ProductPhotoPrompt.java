package dev.pictor.prompt;

import dev.pictor.InvalidRequestException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the edit instruction that turns a product photo into a clean studio shot: a new plain
 * background, a shadow preset, the product kept where it is and as it is, and stray watermarks or
 * overlays removed. Meant for instruction-following edit models such as FLUX.1 Kontext; the result
 * is a plain {@code String} for {@link dev.pictor.GenerationRequest.Builder#prompt}.
 *
 * <p>Defaults: a pure white background, a {@link Shadow#SOFT soft} shadow, composition kept,
 * details preserved, watermarks removed. {@link #abTest()} gives one prompt per shadow preset for
 * comparing them on the same photo.
 *
 * <p>This class holds no state; its builders are not thread-safe, the strings they build are.
 *
 * <pre>{@code
 * String prompt = ProductPhotoPrompt.builder()
 *     .shadow(Shadow.DRAMATIC)
 *     .background("warm white")
 *     .instructions("Keep the gold foil on the lid reflective.")
 *     .build();
 * GenerationRequest r = GenerationRequest.edit("flux-kontext-dev").prompt(prompt).image(photo).build();
 * }</pre>
 */
public final class ProductPhotoPrompt {
  private ProductPhotoPrompt() {}

  /** A builder with the defaults above. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The A/B test of the shadow presets with every other setting at its default: the keys
   * {@code minimal}, {@code soft} and {@code dramatic}, in that order, each mapped to its prompt.
   */
  public static Map<String, String> abTest() {
    return builder().buildAbTest();
  }

  /**
   * The A/B test of the shadow presets on {@code background}, a named or hex colour as for
   * {@link Builder#background}.
   *
   * @throws InvalidRequestException when the colour is neither a known name nor a valid hex value
   */
  public static Map<String, String> abTest(String background) {
    return builder().background(background).buildAbTest();
  }

  /** Configures one product-photo prompt. Not thread-safe; {@link #build()} may be called repeatedly. */
  public static final class Builder {
    private Shadow shadow = Shadow.SOFT;
    private String background = BackgroundColor.describe("white");
    private boolean keepComposition = true;
    private boolean preserveDetails = true;
    private boolean removeWatermarks = true;
    private String instructions;

    private Builder() {}

    /** The shadow preset; {@link Shadow#SOFT} by default. */
    public Builder shadow(Shadow shadow) {
      this.shadow = Objects.requireNonNull(shadow, "shadow == null");
      return this;
    }

    /**
     * The background colour: one of the names {@code white}, {@code light gray} (or {@code light
     * grey}), {@code warm white}, {@code cool white}, in any case, or a hex colour {@code #RRGGBB} or
     * {@code #RGB}. A hex value equal to a named colour reads as that name; any other hex value is
     * put in the prompt with a rough name in words, such as "dark blue (hex #1E3A8A)". White by
     * default.
     *
     * @throws InvalidRequestException naming {@code background}, the value and what is allowed
     */
    public Builder background(String colour) {
      this.background = BackgroundColor.describe(colour);
      return this;
    }

    /** Whether to ask for the product's position, scale and orientation to stay as they are; true by default. */
    public Builder keepComposition(boolean keep) {
      this.keepComposition = keep;
      return this;
    }

    /** Whether to ask for the product's details, textures, colours, text and labels to be preserved; true by default. */
    public Builder preserveDetails(boolean preserve) {
      this.preserveDetails = preserve;
      return this;
    }

    /** Asks for watermarks, stamped logos and overlays that are not part of the product to be removed (the default). */
    public Builder removeWatermarks() {
      return removeWatermarks(true);
    }

    /** Whether to ask for watermarks and overlays that are not part of the product to be removed; true by default. */
    public Builder removeWatermarks(boolean remove) {
      this.removeWatermarks = remove;
      return this;
    }

    /** Extra text appended, trimmed, at the end of the prompt; null or blank for none. */
    public Builder instructions(String text) {
      this.instructions = Sentences.clean(text);
      return this;
    }

    /** The prompt, one paragraph of sentences. */
    public String build() {
      return build(shadow);
    }

    /**
     * One prompt per shadow preset, with this builder's other settings: the keys {@code minimal},
     * {@code soft} and {@code dramatic}, in that order. The map is unmodifiable.
     */
    public Map<String, String> buildAbTest() {
      Map<String, String> variants = new LinkedHashMap<>();
      for (Shadow s : Shadow.values()) variants.put(s.wireName(), build(s));
      return Collections.unmodifiableMap(variants);
    }

    private String build(Shadow withShadow) {
      return new Sentences()
          .add("Replace the background with a clean, seamless " + background + " studio backdrop.")
          .add("Add " + withShadow.phrase() + ".")
          .addIf(keepComposition, "Keep the product in the same position, at the same scale and in the same"
              + " orientation as in the original photo.")
          .addIf(preserveDetails, "Preserve every detail of the product itself: its shape, materials, textures"
              + " and colours, and any text or labels printed on it.")
          .addIf(removeWatermarks, "Remove any watermarks, stamped logos, captions and other overlays that are"
              + " not part of the product or its packaging.")
          .add("Light the scene evenly, the way a professional studio product photograph is lit.")
          .add("The result should be a sharp, high-resolution e-commerce image with nothing distracting around"
              + " the product.")
          .instructions(instructions)
          .text();
    }
  }
}
