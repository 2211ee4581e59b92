package dev.pictor;

/**
 * The request fields every provider understands in its own way. A {@link ModelSpec} binds each one
 * it supports to the provider's parameter name ({@link #STEPS} to {@code num_inference_steps}, say),
 * so one {@link GenerationRequest} works across models and is validated against that model's range.
 *
 * <p>Immutable and thread-safe.
 */
public enum CommonParameter {
  NEGATIVE_PROMPT("negativePrompt"),
  SEED("seed"),
  STEPS("steps"),
  GUIDANCE("guidance"),
  NUM_OUTPUTS("numOutputs"),
  WIDTH("width"),
  HEIGHT("height"),
  ASPECT_RATIO("aspectRatio"),
  OUTPUT_FORMAT("outputFormat"),
  UPSCALE_FACTOR("upscaleFactor");

  private final String field;

  CommonParameter(String field) {
    this.field = field;
  }

  /** The {@link GenerationRequest} field name, as used in error messages. */
  public String field() {
    return field;
  }
}
