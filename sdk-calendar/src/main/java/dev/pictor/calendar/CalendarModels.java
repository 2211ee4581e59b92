package dev.pictor.calendar;

import dev.pictor.InvalidRequestException;

/**
 * Which provider and models a generator uses when it stylises photos directly: the edit model for
 * full projects and the one for previews. (A LoRA project generates with its trained version; its
 * preview uses the same LoRA in FLUX schnell mode with 4 steps.) Immutable and thread-safe.
 *
 * <pre>{@code
 * CalendarModels models = CalendarModels.replicate();                  // flux-kontext-pro
 * CalendarModels custom = new CalendarModels("openai", "gpt-image-1", "gpt-image-1");
 * }</pre>
 *
 * @param provider the provider id, as the client knows it ({@code replicate}, {@code sandbox} ...)
 * @param editModel the edit model for full projects, from that provider's catalogue
 * @param previewModel the edit model for previews
 */
public record CalendarModels(String provider, String editModel, String previewModel) {

  /**
   * Checks that every part is given.
   *
   * @throws InvalidRequestException when a part is missing
   */
  public CalendarModels {
    require("provider", provider);
    require("editModel", editModel);
    require("previewModel", previewModel);
  }

  /**
   * Replicate: {@code flux-kontext-pro} for both. Replicate's catalogue has no cheaper edit model with
   * a known price, so a direct-edit preview saves by making 6 images instead of 24; give another
   * preview model to save more.
   */
  public static CalendarModels replicate() {
    return new CalendarModels("replicate", "flux-kontext-pro", "flux-kontext-pro");
  }

  /** The testkit's in-JVM fake provider: {@code sandbox-image} (a preview runs it with 4 steps). */
  public static CalendarModels sandbox() {
    return new CalendarModels("sandbox", "sandbox-image", "sandbox-image");
  }

  /**
   * The defaults for a provider id.
   *
   * @param provider {@code replicate} or {@code sandbox}
   * @return its models
   * @throws InvalidRequestException for another provider, which needs models named explicitly
   */
  public static CalendarModels forProvider(String provider) {
    if ("replicate".equals(provider)) return replicate();
    if ("sandbox".equals(provider)) return sandbox();
    throw new InvalidRequestException("provider", "there are no default calendar models for provider '" + provider
        + "': use replicate or sandbox, or name them with new CalendarModels(provider, editModel, previewModel)");
  }

  private static void require(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field, "CalendarModels needs a " + field);
    }
  }
}
