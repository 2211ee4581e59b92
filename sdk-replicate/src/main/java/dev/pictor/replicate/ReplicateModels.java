package dev.pictor.replicate;

import dev.pictor.ModelCatalog;
import dev.pictor.ModelSpec;
import dev.pictor.replicate.internal.ModelTable;

/**
 * The Replicate models Pictor knows by name: the 19 models of a create / edit / upscale /
 * remove-background platform, as 17 specs (nano-banana and seedream-4 both create and edit). Each
 * spec carries Replicate's {@code owner/name} (and version where the model needs a pinned one), its
 * actions, its typed parameters with ranges, enums and defaults, how the common request fields map
 * onto its own inputs, and a price per image where one is known.
 *
 * <p>Models outside this catalogue can still be used by {@code owner/name}; see
 * {@link ReplicateProvider#resolveModel}. Community models without a pinned version here
 * (real-esrgan, clarity-upscaler, background-remover, birefnet) run their latest version, looked up
 * once per process; name {@code owner/name:version} to pin one.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * for (ModelSpec m : ReplicateModels.catalog().models()) System.out.println(m.id() + " " + m.actions());
 * GenerationRequest r = GenerationRequest.create(ReplicateModels.FLUX_SCHNELL.id()).prompt("a fox").build();
 * }</pre>
 */
public final class ReplicateModels {
  private static final ModelTable TABLE = ModelTable.INSTANCE;

  /** {@code black-forest-labs/flux-schnell}: create; $0.003 per image. */
  public static final ModelSpec FLUX_SCHNELL = TABLE.spec("flux-schnell");
  /** {@code bytedance/sdxl-lightning-4step} at a pinned version: create. */
  public static final ModelSpec SDXL_LIGHTNING_4STEP = TABLE.spec("sdxl-lightning-4step");
  /** {@code stability-ai/stable-diffusion-3.5-large}: create, optionally from an input image. */
  public static final ModelSpec STABLE_DIFFUSION = TABLE.spec("stable-diffusion");
  /** {@code google/nano-banana}: create and edit with up to 10 images in {@code image_input}. */
  public static final ModelSpec NANO_BANANA = TABLE.spec("nano-banana");
  /** {@code bytedance/seedream-4}: create and edit with up to 10 images in {@code image_input}. */
  public static final ModelSpec SEEDREAM_4 = TABLE.spec("seedream-4");
  /** {@code recraft-ai/recraft-v3}: create; $0.04 per image. */
  public static final ModelSpec RECRAFT_V3 = TABLE.spec("recraft-v3");
  /** {@code google/imagen-4}: create. */
  public static final ModelSpec IMAGEN_4 = TABLE.spec("imagen-4");
  /** {@code ideogram-ai/ideogram-v3-turbo}: create; input images are style references. */
  public static final ModelSpec IDEOGRAM_V3_TURBO = TABLE.spec("ideogram-v3-turbo");
  /** {@code black-forest-labs/flux-kontext-pro}: edit one image ({@code input_image}); $0.04. */
  public static final ModelSpec FLUX_KONTEXT_PRO = TABLE.spec("flux-kontext-pro");
  /** {@code flux-kontext-apps/multi-image-kontext-pro}: edit two images ({@code input_image_1}, {@code input_image_2}). */
  public static final ModelSpec MULTI_IMAGE_KONTEXT_PRO = TABLE.spec("multi-image-kontext-pro");
  /** {@code black-forest-labs/flux-fill-pro}: edit ({@code image}, then {@code mask}). */
  public static final ModelSpec FLUX_FILL_PRO = TABLE.spec("flux-fill-pro");
  /** {@code nightmareai/real-esrgan}: upscale ({@code image} + {@code scale}). */
  public static final ModelSpec REAL_ESRGAN = TABLE.spec("real-esrgan");
  /** {@code philz1337x/clarity-upscaler}: upscale ({@code image} + {@code scale_factor}). */
  public static final ModelSpec CLARITY_UPSCALER = TABLE.spec("clarity-upscaler");
  /** {@code recraft-ai/recraft-crisp-upscale}: upscale ({@code image}); $0.006. */
  public static final ModelSpec RECRAFT_CRISP_UPSCALE = TABLE.spec("recraft-crisp-upscale");
  /** {@code 851-labs/background-remover}: remove background ({@code image}). */
  public static final ModelSpec BACKGROUND_REMOVER = TABLE.spec("background-remover");
  /** {@code men1scus/birefnet}: remove background ({@code image}). */
  public static final ModelSpec BIREFNET = TABLE.spec("birefnet");
  /** {@code bria/remove-background}: remove background ({@code image}). */
  public static final ModelSpec BRIA_REMOVE_BACKGROUND = TABLE.spec("bria-remove-background");

  private ReplicateModels() {}

  /** Every catalogue model, in the order above. */
  public static ModelCatalog catalog() {
    return TABLE.catalog();
  }
}
