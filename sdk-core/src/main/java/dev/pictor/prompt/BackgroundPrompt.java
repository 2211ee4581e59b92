package dev.pictor.prompt;

import dev.pictor.InvalidRequestException;

/**
 * Builds the edit instruction that puts a subject into a new scene: the background is replaced by
 * the one described, the subject itself is left alone, and the new scene is lit to match it. Suits
 * a batch where one instruction is applied to many product or portrait photos. The result is a
 * plain {@code String} for {@link dev.pictor.GenerationRequest.Builder#prompt}.
 *
 * <p>This class holds no state; its builders are not thread-safe, the strings they build are.
 *
 * <pre>{@code
 * String prompt = BackgroundPrompt.builder()
 *     .background("a sunlit marble kitchen counter with a blurred window behind it")
 *     .subject("the coffee grinder")
 *     .build();
 * }</pre>
 */
public final class BackgroundPrompt {
  private BackgroundPrompt() {}

  /** A builder; {@link Builder#background} must be set before {@link Builder#build()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures one background-replacement prompt. Not thread-safe; {@link #build()} may be called repeatedly. */
  public static final class Builder {
    private String background;
    private String subject = "the main subject";
    private boolean keepSubject = true;
    private boolean matchLighting = true;
    private String instructions;

    private Builder() {}

    /**
     * The new background in words, such as "a wooden table in a bright cafe". Required. Trailing
     * full stops are dropped, since the description is used inside a sentence.
     *
     * @throws InvalidRequestException naming {@code background} when it is null or blank
     */
    public Builder background(String description) {
      this.background = Sentences.phrase("background", description, "'a wooden table in a bright cafe'");
      return this;
    }

    /**
     * What the subject is, as the prompt refers to it, such as "the sneaker" or "the woman in the red
     * coat"; "the main subject" by default.
     *
     * @throws InvalidRequestException naming {@code subject} when it is null or blank
     */
    public Builder subject(String subject) {
      this.subject = Sentences.phrase("subject", subject, "'the sneaker'");
      return this;
    }

    /** Whether to ask for the subject's shape, colours, details, position and size to stay unchanged; true by default. */
    public Builder keepSubject(boolean keep) {
      this.keepSubject = keep;
      return this;
    }

    /** Whether to ask for the new background's light, perspective and shadows to match the subject; true by default. */
    public Builder matchLighting(boolean match) {
      this.matchLighting = match;
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
     * @throws InvalidRequestException naming {@code background} when no background was given
     */
    public String build() {
      if (background == null) {
        throw new InvalidRequestException("background", "background is required: describe the new background in"
            + " words, such as 'a wooden table in a bright cafe'");
      }
      return new Sentences()
          .add("Replace the background behind " + subject + " with " + background + ".")
          .addIf(keepSubject, "Leave " + subject + " itself unchanged, with the same shape, colours, details,"
              + " position and size.")
          .addIf(matchLighting, "Make the light direction, colour temperature, perspective and shadows of the new"
              + " background match " + subject + ", so that the result looks like a single photograph.")
          .add("Blend the edges cleanly, without halos or cut-out outlines.")
          .instructions(instructions)
          .text();
    }
  }
}
