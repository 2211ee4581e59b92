package dev.pictor;

import java.util.Objects;
import java.util.Optional;

/**
 * A step that runs on the output of the job before it: an upscale or a background removal. Each step
 * is a job of its own whose input is output 0 of the previous step, linked to it by
 * {@link Job#parentJobId()}. Immutable and thread-safe.
 *
 * <pre>{@code
 * GenerationRequest r = GenerationRequest.edit("flux-kontext-pro").prompt("white background")
 *     .image(ImageInput.of(photo)).thenUpscale(2).build();
 * }</pre>
 *
 * @param action {@link Action#UPSCALE} or {@link Action#REMOVE_BACKGROUND}
 * @param model the model to use, or null for the provider catalogue's first model for that action
 * @param factor the upscale factor, or null
 */
public record ChainStep(Action action, String model, Double factor) {
  public ChainStep {
    Objects.requireNonNull(action, "action == null");
    if (action != Action.UPSCALE && action != Action.REMOVE_BACKGROUND) {
      throw new InvalidRequestException("chain", "a chained step is an upscale or a background removal; got " + action.wireName());
    }
    if (factor != null && !(factor > 1 && factor <= 16)) {
      throw new InvalidRequestException("chain", "upscale factor " + factor + " must be above 1 and at most 16");
    }
  }

  /** The model to use, when the caller named one. */
  public Optional<String> modelOptional() {
    return Optional.ofNullable(model);
  }
}
