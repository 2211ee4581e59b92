package dev.pictor.prompt;

import dev.pictor.InvalidRequestException;
import java.util.Objects;

/**
 * Builds the edit instruction that restyles an image, such as a batch of portraits all turned into
 * watercolours, while the people stay recognisable and the picture keeps its layout. The style is
 * a named {@link Style} or free text; how strongly to apply it is optional. The result is a plain
 * {@code String} for {@link dev.pictor.GenerationRequest.Builder#prompt}.
 *
 * <p>This class holds no state; its builders are not thread-safe, the strings they build are.
 *
 * <pre>{@code
 * String prompt = StylePrompt.builder()
 *     .style(Style.CYBERPUNK)
 *     .strength(StyleStrength.STRONG)
 *     .build();
 * String custom = StylePrompt.builder().style("a 1950s travel poster").build();
 * }</pre>
 */
public final class StylePrompt {
  private StylePrompt() {}

  /** A builder; a style must be set before {@link Builder#build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures one style-transfer prompt. Not thread-safe; {@link #build()} may be called repeatedly. */
  public static final class Builder {
    private String styleSentence;
    private StyleStrength strength;
    private boolean preserveIdentity = true;
    private boolean preserveComposition = true;
    private String instructions;

    private Builder() {}

    /** A named style; replaces any style set before. */
    public Builder style(Style style) {
      Objects.requireNonNull(style, "style == null");
      this.styleSentence = "Restyle the image as " + style.phrase() + ".";
      return this;
    }

    /**
     * A style in words, such as "a 1950s travel poster" or "ukiyo-e woodblock print"; replaces any
     * style set before. Trailing full stops are dropped.
     *
     * @throws InvalidRequestException naming {@code style} when it is null or blank
     */
    public Builder style(String description) {
      String phrase = Sentences.phrase("style", description, "'a 1950s travel poster'");
      this.styleSentence = "Restyle the image in this style: " + phrase + ".";
      return this;
    }

    /** How strongly to apply the style; null (the default) leaves it to the model. */
    public Builder strength(StyleStrength strength) {
      this.strength = strength;
      return this;
    }

    /** Whether to ask for every person to stay recognisable (features, expression, identity); true by default. */
    public Builder preserveIdentity(boolean preserve) {
      this.preserveIdentity = preserve;
      return this;
    }

    /** Whether to ask for the framing, poses and placement of everything to stay as they are; true by default. */
    public Builder preserveComposition(boolean preserve) {
      this.preserveComposition = preserve;
      return this;
    }

    /** Extra text appended, trimmed, at the end of the prompt; null or blank for none. */
    public Builder instructions(String text) {
      this.instructions = Sentences.clean(text);
      return this;
    }

    /**
     * The prompt, one paragraph of sentences.
     *
     * @throws InvalidRequestException naming {@code style} when no style was given
     */
    public String build() {
      if (styleSentence == null) {
        throw new InvalidRequestException("style", "style is required: name a Style or describe one in words,"
            + " such as 'a 1950s travel poster'");
      }
      Sentences prompt = new Sentences().add(styleSentence);
      if (strength != null) prompt.add(strength.sentence());
      return prompt
          .addIf(preserveIdentity, "Keep every person recognisable, with the same facial features, expression"
              + " and identity.")
          .addIf(preserveComposition, "Keep the original composition: the same framing, poses and placement of"
              + " everything in the picture.")
          .instructions(instructions)
          .text();
    }
  }
}
