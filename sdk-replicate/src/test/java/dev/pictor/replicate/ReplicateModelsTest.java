package dev.pictor.replicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.Action;
import dev.pictor.CommonParameter;
import dev.pictor.InvalidRequestException;
import dev.pictor.ModelSpec;
import dev.pictor.Money;
import dev.pictor.ParameterSpec;
import dev.pictor.TokenPool;
import dev.pictor.spi.RateLimits;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The catalogue's content, model name resolution, the builder and {@code fromEnv}. */
class ReplicateModelsTest {
  static final String SDXL_VERSION = "5599ed30703defd1d160a25a63321b4dec97101d98b4674bcc56e41f62f35637";

  private static ReplicateProvider provider() {
    return ReplicateProvider.builder().tokens(TokenPool.of("r8_x")).build();
  }

  @Test
  void theCatalogueHoldsTheNineteenModelsOfThePlatformAsSeventeenSpecs() {
    assertThat(ReplicateModels.catalog().models()).extracting(ModelSpec::id).containsExactly(
        "flux-schnell", "sdxl-lightning-4step", "stable-diffusion", "nano-banana", "seedream-4", "recraft-v3", "imagen-4",
        "ideogram-v3-turbo", "flux-kontext-pro", "multi-image-kontext-pro", "flux-fill-pro", "real-esrgan", "clarity-upscaler",
        "recraft-crisp-upscale", "background-remover", "birefnet", "bria-remove-background");
    int slots = 0;
    for (ModelSpec m : ReplicateModels.catalog().models()) slots += m.actions().size();
    assertThat(slots).isEqualTo(19);
    assertThat(count(Action.CREATE)).isEqualTo(8);
    assertThat(count(Action.EDIT)).isEqualTo(5);
    assertThat(count(Action.UPSCALE)).isEqualTo(3);
    assertThat(count(Action.REMOVE_BACKGROUND)).isEqualTo(3);
    assertThat(ReplicateModels.catalog().provider()).isEqualTo("replicate");
  }

  private static long count(Action a) {
    return ReplicateModels.catalog().models().stream().filter(m -> m.actions().contains(a)).count();
  }

  @Test
  void specsCarryTheFactSheetsRangesEnumsDefaultsAndPrices() {
    ModelSpec schnell = ReplicateModels.FLUX_SCHNELL;
    assertThat(schnell.providerRef()).isEqualTo("black-forest-labs/flux-schnell");
    ParameterSpec steps = schnell.parameter(CommonParameter.STEPS).orElseThrow();
    assertThat(steps.name()).isEqualTo("num_inference_steps");
    assertThat(steps.min()).contains(1.0);
    assertThat(steps.max()).contains(4.0);
    assertThat(steps.defaultValue()).contains(4L);
    assertThat(schnell.parameters().get("megapixels").choices()).containsExactly("1", "0.25");
    assertThat(schnell.pricePerImage()).contains(Money.usd("0.003"));
    assertThat(ReplicateModels.SDXL_LIGHTNING_4STEP.providerRef()).isEqualTo("bytedance/sdxl-lightning-4step:" + SDXL_VERSION);
    assertThat(ReplicateModels.FLUX_FILL_PRO.parameter(CommonParameter.GUIDANCE).orElseThrow().max()).contains(5.0);
    assertThat(ReplicateModels.FLUX_KONTEXT_PRO.parameters().get("safety_tolerance").max()).contains(2.0);
    assertThat(ReplicateModels.MULTI_IMAGE_KONTEXT_PRO.minInputImages()).isEqualTo(2);
    assertThat(ReplicateModels.REAL_ESRGAN.parameter(CommonParameter.UPSCALE_FACTOR).orElseThrow().name()).isEqualTo("scale");
    assertThat(ReplicateModels.CLARITY_UPSCALER.parameter(CommonParameter.UPSCALE_FACTOR).orElseThrow().name()).isEqualTo("scale_factor");
    assertThat(ReplicateModels.IMAGEN_4.pricePerImage()).isEmpty();
    assertThat(ReplicateModels.NANO_BANANA.actions()).containsExactlyInAnyOrder(Action.CREATE, Action.EDIT);
  }

  @Test
  void namesResolveByIdByOwnerNameByVersionAndOutsideTheCatalogue() {
    ReplicateProvider p = provider();
    assertThat(p.resolveModel("flux-schnell")).contains(ReplicateModels.FLUX_SCHNELL);
    assertThat(p.resolveModel("black-forest-labs/flux-schnell")).contains(ReplicateModels.FLUX_SCHNELL);
    ModelSpec pinned = p.resolveModel("bytedance/sdxl-lightning-4step:" + "c".repeat(64)).orElseThrow();
    assertThat(pinned.providerRef()).isEqualTo("bytedance/sdxl-lightning-4step:" + "c".repeat(64));
    assertThat(pinned.parameters()).containsKey("scheduler");
    assertThat(pinned.acceptsUnknownParameters()).isFalse();

    ModelSpec other = p.resolveModel("acme/my-model").orElseThrow();
    assertThat(other.acceptsUnknownParameters()).isTrue();
    assertThat(other.providerRef()).isEqualTo("acme/my-model");
    assertThat(other.actions()).contains(Action.CREATE, Action.EDIT, Action.UPSCALE, Action.REMOVE_BACKGROUND);
    assertThat(other.binding(CommonParameter.ASPECT_RATIO)).contains("aspect_ratio");
    assertThat(other.pricePerImage()).isEmpty();
    assertThat(p.resolveModel("acme/my-model:" + "d".repeat(64)).orElseThrow().providerRef()).endsWith(":" + "d".repeat(64));
    assertThat(p.resolveModel("deployments/acme/prod").orElseThrow().providerRef()).isEqualTo("deployments/acme/prod");
    assertThat(p.resolveModel("e".repeat(64))).isPresent();

    assertThat(p.resolveModel("flux-schnel")).isEmpty();
    assertThat(p.resolveModel("not a model")).isEmpty();
    assertThat(p.resolveModel("acme/")).isEmpty();
    assertThat(p.resolveModel("acme/x:bad version")).isEmpty();
  }

  @Test
  void rateLimitsAreReplicatesDocumentedOnes() {
    assertThat(provider().rateLimits()).isEqualTo(RateLimits.of(600, Duration.ofMinutes(1), 3000, Duration.ofMinutes(1)));
    RateLimits lowCredit = RateLimits.of(6, Duration.ofMinutes(1), 60, Duration.ofMinutes(1));
    assertThat(ReplicateProvider.builder().tokens(dev.pictor.TokenPool.of("r8_x")).rateLimits(lowCredit).build().rateLimits())
        .isEqualTo(lowCredit);
    assertThat(provider().id()).isEqualTo("replicate");
  }

  @Test
  void theBuilderChecksWhatItIsGiven() {
    assertThatThrownBy(() -> ReplicateProvider.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no tokens");
    assertThatThrownBy(() -> ReplicateProvider.builder().waitSeconds(61)).hasMessage("waitSeconds must be 1 to 60; got 61");
    assertThatThrownBy(() -> ReplicateProvider.builder().waitSeconds(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReplicateProvider.builder().baseUrl("ftp://x")).hasMessageContaining("is not an http or https URL");
    assertThatThrownBy(() -> ReplicateProvider.builder().webhook("https://h/x", Set.of("done")))
        .hasMessage("webhook event 'done' is not one of [start, output, logs, completed]");
    assertThatThrownBy(() -> ReplicateProvider.builder().webhookSecret("abc")).hasMessageContaining("whsec_");
    assertThatThrownBy(() -> ReplicateProvider.builder().webhookTolerance(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    ReplicateProvider p = ReplicateProvider.builder().tokens(TokenPool.of("r8_abcdefgh")).baseUrl("http://127.0.0.1:9/v1/").build();
    assertThat(p.baseUrl()).isEqualTo("http://127.0.0.1:9/v1");
    assertThat(p.toString()).doesNotContain("r8_abcdefgh");
    assertThat(ReplicateProvider.builder().tokens(TokenPool.of("r8_x")).build().baseUrl()).isEqualTo("https://api.replicate.com/v1");
  }

  @Test
  void fromEnvPrefersTheTokenListThenTheSingleTokenAndNamesBothWhenNeitherIsSet() {
    ReplicateProvider many = ReplicateProvider.fromEnv(Map.of("REPLICATE_API_TOKENS", "r8_a1,r8_b2,r8_c3",
        "REPLICATE_API_TOKEN", "r8_single")::get);
    assertThat(many.tokens().size()).isEqualTo(3);
    ReplicateProvider one = ReplicateProvider.fromEnv(Map.of("REPLICATE_API_TOKEN", "r8_single",
        "REPLICATE_BASE_URL", "http://localhost:1234/v1")::get);
    assertThat(one.tokens().size()).isEqualTo(1);
    assertThat(one.baseUrl()).isEqualTo("http://localhost:1234/v1");
    assertThatThrownBy(() -> ReplicateProvider.fromEnv(Map.<String, String>of()::get)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("no Replicate token: set REPLICATE_API_TOKENS (several, separated by commas) or REPLICATE_API_TOKEN (one)");
  }
}
