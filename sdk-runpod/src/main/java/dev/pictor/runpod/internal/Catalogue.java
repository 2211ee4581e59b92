package dev.pictor.runpod.internal;

import dev.pictor.Action;
import dev.pictor.CommonParameter;
import dev.pictor.ModelSpec;
import dev.pictor.Money;
import dev.pictor.ParameterSpec;
import java.util.List;

/**
 * The public endpoints Pictor knows by name (fact sheet 3.8), and seed 003's product-photo preset
 * over the Kontext endpoint. Each spec keeps the endpoint's own ranges; where RunPod documents none
 * (the FLUX dev and schnell inputs beyond width, height and guidance, every endpoint's size limits)
 * the FLUX family's are used and other inputs pass through unchecked. Immutable.
 */
public final class Catalogue {
  public static final String KONTEXT_ENDPOINT = "black-forest-labs-flux-1-kontext-dev";
  public static final String FLUX_DEV_ENDPOINT = "black-forest-labs-flux-1-dev";
  public static final String FLUX_SCHNELL_ENDPOINT = "black-forest-labs-flux-1-schnell";
  public static final String KONTEXT = "flux-kontext-dev";
  public static final String PRODUCT = "flux-kontext-dev-product";
  public static final String FLUX_DEV = "flux-dev";
  public static final String FLUX_SCHNELL = "flux-schnell";
  public static final long MAX_SEED = 2_147_483_647L;
  /** The preset's limits (seed 003's settings). */
  public static final int PRESET_MIN_STEPS = 20;
  public static final int PRESET_MAX_STEPS = 40;
  public static final double PRESET_MIN_GUIDANCE = 2;
  public static final double PRESET_MAX_GUIDANCE = 5;
  public static final List<Integer> PRESET_RESOLUTIONS = List.of(1024, 1536, 2048);
  private static final String SIZE_NOTE = "written to size as W*H; RunPod documents only the default 1024*1024";

  private Catalogue() {}

  /** Every catalogue model, in order; the first model on an endpoint is the one its endpoint id names. */
  public static List<ModelSpec> specs() {
    return List.of(kontext(), product(), fluxDev(), fluxSchnell());
  }

  /** Whether the model writes its width and height as {@code size: "W*H"}: the Kontext models, wherever they run. */
  public static boolean sizeAsStar(String modelId) {
    return KONTEXT.equals(modelId) || PRODUCT.equals(modelId);
  }

  static ModelSpec kontext() {
    return kontextBase(KONTEXT, "FLUX.1 Kontext [dev]: edits one image, given by URL, following the prompt")
        .parameter(side("width", 256, 2048), CommonParameter.WIDTH)
        .parameter(side("height", 256, 2048), CommonParameter.HEIGHT)
        .parameter(ParameterSpec.integer("num_inference_steps", 1, 50).withDefault(28L), CommonParameter.STEPS)
        .parameter(ParameterSpec.number("guidance", 0, 10).withDefault(2.0), CommonParameter.GUIDANCE)
        .build();
  }

  static ModelSpec product() {
    String[] sides = PRESET_RESOLUTIONS.stream().map(String::valueOf).toArray(String[]::new);
    return kontextBase(PRODUCT, "seed 003's product-photo preset over FLUX.1 Kontext [dev]: steps 20 to 40, guidance 2 to 5,"
            + " 1024, 1536 or 2048 pixels a side")
        .parameter(ParameterSpec.choice("width", sides).withDefault("1024").withDescription(SIZE_NOTE), CommonParameter.WIDTH)
        .parameter(ParameterSpec.choice("height", sides).withDefault("1024").withDescription(SIZE_NOTE), CommonParameter.HEIGHT)
        .parameter(ParameterSpec.integer("num_inference_steps", PRESET_MIN_STEPS, PRESET_MAX_STEPS).withDefault(28L),
            CommonParameter.STEPS)
        .parameter(ParameterSpec.number("guidance", PRESET_MIN_GUIDANCE, PRESET_MAX_GUIDANCE).withDefault(3.5),
            CommonParameter.GUIDANCE)
        .build();
  }

  private static ModelSpec.Builder kontextBase(String id, String description) {
    return ModelSpec.builder(id, KONTEXT_ENDPOINT).description(description)
        .actions(Action.EDIT).inputImages(1, 1)
        .parameter(ParameterSpec.string("negative_prompt"), CommonParameter.NEGATIVE_PROMPT)
        .parameter(seed(), CommonParameter.SEED)
        .parameter(format(), CommonParameter.OUTPUT_FORMAT)
        .parameter(ParameterSpec.bool("enable_safety_checker").withDefault(true))
        .price(Money.usd("0.025"));
  }

  static ModelSpec fluxDev() {
    return flux(FLUX_DEV, FLUX_DEV_ENDPOINT, "FLUX.1 [dev]: text to image; billed $0.02 per megapixel", "0.02");
  }

  static ModelSpec fluxSchnell() {
    return flux(FLUX_SCHNELL, FLUX_SCHNELL_ENDPOINT, "FLUX.1 [schnell]: fast text to image (made for 1 to 4 steps);"
        + " billed $0.0024 per megapixel", "0.0024");
  }

  private static ModelSpec flux(String id, String endpoint, String description, String pricePerMegapixel) {
    return ModelSpec.builder(id, endpoint).description(description + "; other inputs pass through unchecked")
        .actions(Action.CREATE).inputImages(0, 0).acceptUnknownParameters()
        .parameter(side("width", 256, 2048).withDescription("RunPod documents width and height, not their range"),
            CommonParameter.WIDTH)
        .parameter(side("height", 256, 2048).withDescription("RunPod documents width and height, not their range"),
            CommonParameter.HEIGHT)
        .parameter(ParameterSpec.integer("num_inference_steps", 1, 50), CommonParameter.STEPS)
        .parameter(ParameterSpec.number("guidance", 0, 10), CommonParameter.GUIDANCE)
        .parameter(seed(), CommonParameter.SEED)
        .parameter(format(), CommonParameter.OUTPUT_FORMAT)
        .price(Money.usd(pricePerMegapixel)) // an estimate for a 1-megapixel image; output.cost is the actual cost
        .build();
  }

  /** A model on an endpoint Pictor does not know: common fields under the usual names, everything passed through. */
  public static ModelSpec generic(String id, String endpointId) {
    return ModelSpec.builder(id, endpointId)
        .description("RunPod endpoint " + endpointId + ", outside Pictor's catalogue; parameters are passed through unchecked")
        .actions(Action.CREATE, Action.EDIT, Action.UPSCALE, Action.REMOVE_BACKGROUND)
        .inputImages(0, 1).promptRequired(false).acceptUnknownParameters()
        .parameter(ParameterSpec.string("negative_prompt"), CommonParameter.NEGATIVE_PROMPT)
        .parameter(seed(), CommonParameter.SEED)
        .parameter(ParameterSpec.integer("num_inference_steps", 1, 1000), CommonParameter.STEPS)
        .parameter(ParameterSpec.number("guidance", 0, 100), CommonParameter.GUIDANCE)
        .parameter(ParameterSpec.integer("width", 1, 16384), CommonParameter.WIDTH)
        .parameter(ParameterSpec.integer("height", 1, 16384), CommonParameter.HEIGHT)
        .parameter(ParameterSpec.string("output_format"), CommonParameter.OUTPUT_FORMAT)
        .build();
  }

  private static ParameterSpec side(String name, int min, int max) {
    return ParameterSpec.integer(name, min, max).withDefault(1024L).withDescription(SIZE_NOTE);
  }

  private static ParameterSpec seed() {
    return ParameterSpec.integer("seed", -1, MAX_SEED).withDefault(-1L).withDescription("-1 for random");
  }

  private static ParameterSpec format() {
    return ParameterSpec.choice("output_format", "png", "jpeg").withDefault("png");
  }
}
