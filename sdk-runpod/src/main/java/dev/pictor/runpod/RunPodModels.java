package dev.pictor.runpod;

import dev.pictor.ModelCatalog;
import dev.pictor.ModelSpec;
import dev.pictor.runpod.internal.Catalogue;
import dev.pictor.runpod.internal.Models;
import java.util.Map;

/**
 * The RunPod endpoints Pictor knows by name: RunPod's public FLUX.1 Kontext [dev], FLUX.1 [dev] and
 * FLUX.1 [schnell] endpoints, and seed 003's product-photo preset over Kontext
 * ({@link ProductPhotoPreset}). A model id names an endpoint: each spec's
 * {@link ModelSpec#providerRef()} is its endpoint id. Specs keep the endpoint's own ranges (Kontext:
 * steps 1 to 50, guidance 0 to 10, seed -1 for random, {@code png} or {@code jpeg}); the request's
 * width and height go to Kontext as {@code size: "W*H"}.
 *
 * <p>Any other endpoint can be used by its id, or under a model id of the host's choosing with
 * {@link RunPodProvider.Builder#endpoint}, which also moves a catalogue model onto the host's own
 * deployment. This class shows the catalogue with RunPod's public endpoints; a provider's
 * {@link RunPodProvider#catalog()} shows its overrides too.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * for (ModelSpec m : RunPodModels.catalog().models()) System.out.println(m.id() + " -> " + m.providerRef());
 * GenerationRequest r = GenerationRequest.edit(RunPodModels.FLUX_KONTEXT_DEV.id())
 *     .prompt("Put the product on a pure white studio background").image(ImageInput.ofUrl(url)).build();
 * }</pre>
 */
public final class RunPodModels {
  /** RunPod's public FLUX.1 Kontext [dev] endpoint. */
  public static final String FLUX_KONTEXT_DEV_ENDPOINT = Catalogue.KONTEXT_ENDPOINT;
  /** RunPod's public FLUX.1 [dev] endpoint. */
  public static final String FLUX_DEV_ENDPOINT = Catalogue.FLUX_DEV_ENDPOINT;
  /** RunPod's public FLUX.1 [schnell] endpoint. */
  public static final String FLUX_SCHNELL_ENDPOINT = Catalogue.FLUX_SCHNELL_ENDPOINT;

  private static final ModelCatalog CATALOG = new Models(Map.of(), Map.of()).catalog();

  /** {@code flux-kontext-dev}: edit one image (by URL) on the Kontext endpoint; $0.025 per image, {@code output.cost} is actual. */
  public static final ModelSpec FLUX_KONTEXT_DEV = CATALOG.find(Catalogue.KONTEXT).orElseThrow();
  /** {@code flux-kontext-dev-product}: the same endpoint within seed 003's settings; see {@link ProductPhotoPreset}. */
  public static final ModelSpec FLUX_KONTEXT_DEV_PRODUCT = CATALOG.find(Catalogue.PRODUCT).orElseThrow();
  /** {@code flux-dev}: text to image on the FLUX.1 [dev] endpoint; $0.02 per megapixel. */
  public static final ModelSpec FLUX_DEV = CATALOG.find(Catalogue.FLUX_DEV).orElseThrow();
  /** {@code flux-schnell}: text to image on the FLUX.1 [schnell] endpoint; $0.0024 per megapixel. */
  public static final ModelSpec FLUX_SCHNELL = CATALOG.find(Catalogue.FLUX_SCHNELL).orElseThrow();

  private RunPodModels() {}

  /** Every catalogue model on RunPod's public endpoints, in the order above. */
  public static ModelCatalog catalog() {
    return CATALOG;
  }
}
