package dev.pictor.openai;

import dev.pictor.ModelCatalog;
import dev.pictor.ModelSpec;
import dev.pictor.openai.internal.Catalogue;

/**
 * The OpenAI image models Pictor knows, each with its own rules (fact sheet section 4): sizes,
 * {@code n}, quality values, and which of {@code background}, {@code output_format},
 * {@code output_compression}, {@code moderation}, {@code input_fidelity}, {@code style},
 * {@code response_format} and {@code mask} it takes. Each spec's price is an estimate of one image
 * before the call (medium quality, 1024x1024 for GPT image models; standard 1024x1024 for DALL-E);
 * the job's actual cost comes from the answer's {@code usage} tokens (GPT image models) or from the
 * size and quality asked for (DALL-E).
 *
 * <p>Pictor adds three parameters of its own, which become {@code size}: {@code aspect_ratio}
 * (bound to the request's {@code aspectRatio}), and {@code width} with {@code height} (bound to its
 * {@code size(w, h)}). A dated snapshot ({@code gpt-image-2-2026-04-21}) is sent under its own name
 * with its model's rules.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * for (ModelSpec m : OpenAiModels.catalog().models()) System.out.println(m.id() + " " + m.parameters().keySet());
 * GenerationRequest r = GenerationRequest.edit(OpenAiModels.GPT_IMAGE_1.id())
 *     .prompt("Turn this photo into a carousel slide").image(ImageInput.of(Path.of("shoe.png")))
 *     .aspectRatio("4:5").build();
 * }</pre>
 */
public final class OpenAiModels {
  private static final ModelCatalog CATALOG = ModelCatalog.of("openai", Catalogue.specs());

  /** {@code gpt-image-1}: create and edit (up to 16 images); 1024x1024, 1536x1024, 1024x1536 or auto. */
  public static final ModelSpec GPT_IMAGE_1 = CATALOG.find(Catalogue.GPT_IMAGE_1).orElseThrow();
  /** {@code gpt-image-1-mini}: as gpt-image-1, cheaper, without {@code input_fidelity}. */
  public static final ModelSpec GPT_IMAGE_1_MINI = CATALOG.find(Catalogue.GPT_IMAGE_1_MINI).orElseThrow();
  /** {@code gpt-image-1.5}: as gpt-image-1. */
  public static final ModelSpec GPT_IMAGE_1_5 = CATALOG.find(Catalogue.GPT_IMAGE_1_5).orElseThrow();
  /** {@code gpt-image-2}: as gpt-image-1, plus any {@code WxH} (multiples of 16, within 3840x2160, 1:3 to 3:1). */
  public static final ModelSpec GPT_IMAGE_2 = CATALOG.find(Catalogue.GPT_IMAGE_2).orElseThrow();
  /** {@code dall-e-3}: create, one image per request; 1024x1024, 1792x1024 or 1024x1792; answered as URLs. */
  public static final ModelSpec DALL_E_3 = CATALOG.find(Catalogue.DALL_E_3).orElseThrow();
  /** {@code dall-e-2}: create, and edit one square PNG; 256, 512 or 1024 pixels square; answered as URLs. */
  public static final ModelSpec DALL_E_2 = CATALOG.find(Catalogue.DALL_E_2).orElseThrow();

  private OpenAiModels() {}

  /** Every model, in the order above. */
  public static ModelCatalog catalog() {
    return CATALOG;
  }
}
