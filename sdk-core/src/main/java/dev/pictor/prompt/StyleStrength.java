package dev.pictor.prompt;

/**
 * How far a {@link StylePrompt} asks the model to push the style, in words: from a light touch
 * that keeps the photo recognisable as a photo to a full transformation. Immutable and thread-safe.
 */
public enum StyleStrength {
  /** A light touch: the original photo still shows through. */
  SUBTLE("Apply the style lightly, so that the original photo still shows through."),
  /** Clearly styled, yet still natural. */
  MODERATE("Apply the style clearly but keep the picture natural."),
  /** The whole image transformed into the style. */
  STRONG("Apply the style fully and boldly, transforming the whole image.");

  private final String sentence;

  StyleStrength(String sentence) {
    this.sentence = sentence;
  }

  /** The sentence the prompt uses for this strength. */
  String sentence() {
    return sentence;
  }
}
