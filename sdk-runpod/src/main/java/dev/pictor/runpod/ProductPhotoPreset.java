package dev.pictor.runpod;

import dev.pictor.GenerationRequest;
import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import dev.pictor.ModelSpec;
import dev.pictor.runpod.internal.Catalogue;
import java.util.Objects;

/**
 * Seed 003's product-photo settings for FLUX.1 Kontext [dev]: steps 20 to 40, guidance 2 to 5, and a
 * square output of 1024, 1536 or 2048 pixels a side, narrower than the endpoint's own ranges. Built
 * values are always valid: a value outside the preset throws an {@link InvalidRequestException}
 * naming the field ({@code steps}, {@code guidance}, {@code resolution}), the value and what is
 * allowed, before anything is sent, so an admin form can refuse it as the admin saves it.
 *
 * <p>Requests select the preset by its model id, {@value #MODEL}: a catalogue model on the same
 * endpoint whose spec carries the narrower ranges, so the client checks every request against them
 * too (width and height each 1024, 1536 or 2048). {@link #edit} builds such a request. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * ProductPhotoPreset preset = ProductPhotoPreset.parse(settings.get("aiImageInferenceSteps"),
 *     settings.get("aiImageGuidance"), settings.get("aiImageResolution"));      // "28", "3.5", "1536"
 * GenerationResult r = client.generate(preset.edit(ImageInput.ofUrl(photoUrl),
 *     "Replace the background with a clean white studio background; add a soft shadow").build());
 * }</pre>
 *
 * @param steps {@code num_inference_steps}, 20 to 40
 * @param guidance {@code guidance}, 2 to 5
 * @param resolution the output's side in pixels, 1024, 1536 or 2048, sent as {@code size: "R*R"}
 */
public record ProductPhotoPreset(int steps, double guidance, int resolution) {
  /** The model id that selects the preset. */
  public static final String MODEL = Catalogue.PRODUCT;
  /** Seed 003's defaults: 28 steps, guidance 3.5, 1024 pixels. */
  public static final ProductPhotoPreset DEFAULTS = new ProductPhotoPreset(28, 3.5, 1024);

  /**
   * @throws InvalidRequestException naming the first field outside the preset
   */
  public ProductPhotoPreset {
    if (steps < Catalogue.PRESET_MIN_STEPS || steps > Catalogue.PRESET_MAX_STEPS) {
      throw refused("steps", Integer.toString(steps));
    }
    if (Double.isNaN(guidance) || guidance < Catalogue.PRESET_MIN_GUIDANCE || guidance > Catalogue.PRESET_MAX_GUIDANCE) {
      throw refused("guidance", number(guidance));
    }
    if (!Catalogue.PRESET_RESOLUTIONS.contains(resolution)) throw refused("resolution", Integer.toString(resolution));
  }

  /**
   * The preset from stored settings, as text; a null or blank value takes the default's.
   *
   * @throws InvalidRequestException naming the first field that is not a number or is outside the preset
   */
  public static ProductPhotoPreset parse(String steps, String guidance, String resolution) {
    int s = blank(steps) ? DEFAULTS.steps : whole("steps", steps);
    double g;
    try {
      g = blank(guidance) ? DEFAULTS.guidance : Double.parseDouble(guidance.trim());
    } catch (NumberFormatException e) {
      throw refused("guidance", "'" + guidance + "'");
    }
    int r = blank(resolution) ? DEFAULTS.resolution : whole("resolution", resolution);
    return new ProductPhotoPreset(s, g, r);
  }

  /** The preset's model spec, {@link RunPodModels#FLUX_KONTEXT_DEV_PRODUCT}. */
  public static ModelSpec spec() {
    return RunPodModels.FLUX_KONTEXT_DEV_PRODUCT;
  }

  /** A request on {@value #MODEL} with these settings; add a seed, an output format, tags, a deadline as needed. */
  public GenerationRequest.Builder edit(ImageInput product, String prompt) {
    Objects.requireNonNull(product, "product == null");
    return GenerationRequest.edit(MODEL).prompt(prompt).image(product).steps(steps).guidance(guidance)
        .size(resolution, resolution);
  }

  /** What the preset allows for a field, in words. */
  public static String allowed(String field) {
    switch (field) {
      case "steps":
        return "an integer from " + Catalogue.PRESET_MIN_STEPS + " to " + Catalogue.PRESET_MAX_STEPS;
      case "guidance":
        return "a number from " + number(Catalogue.PRESET_MIN_GUIDANCE) + " to " + number(Catalogue.PRESET_MAX_GUIDANCE);
      case "resolution":
        return "one of " + Catalogue.PRESET_RESOLUTIONS + " (pixels a side)";
      default:
        throw new IllegalArgumentException("the preset has no field " + field);
    }
  }

  private static InvalidRequestException refused(String field, String value) {
    return new InvalidRequestException(field, field + " = " + value + " is not allowed by the product-photo preset: expected "
        + allowed(field));
  }

  private static int whole(String field, String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw refused(field, "'" + text + "'");
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String number(double d) {
    return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
