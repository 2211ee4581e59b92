package dev.pictor.runpod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.Action;
import dev.pictor.CommonParameter;
import dev.pictor.InvalidRequestException;
import dev.pictor.ModelSpec;
import dev.pictor.Money;
import dev.pictor.TokenPool;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalogue's models and endpoints, how ids resolve, the preset's own validation, and configuration from the environment. */
class CatalogueTest {
  private static RunPodProvider.Builder builder() {
    return RunPodProvider.builder().tokens(TokenPool.of(TestCall.TOKEN));
  }

  @Test
  void theCatalogueMapsModelIdsToEndpointsWithTheEndpointsOwnRanges() {
    assertThat(RunPodModels.catalog().models()).extracting(ModelSpec::id, ModelSpec::providerRef).containsExactly(
        org.assertj.core.groups.Tuple.tuple("flux-kontext-dev", "black-forest-labs-flux-1-kontext-dev"),
        org.assertj.core.groups.Tuple.tuple("flux-kontext-dev-product", "black-forest-labs-flux-1-kontext-dev"),
        org.assertj.core.groups.Tuple.tuple("flux-dev", "black-forest-labs-flux-1-dev"),
        org.assertj.core.groups.Tuple.tuple("flux-schnell", "black-forest-labs-flux-1-schnell"));
    ModelSpec k = RunPodModels.FLUX_KONTEXT_DEV;
    assertThat(k.actions()).containsExactly(Action.EDIT);
    assertThat(k.minInputImages()).isEqualTo(1);
    assertThat(k.parameter(CommonParameter.STEPS).orElseThrow().allowed()).isEqualTo("an integer from 1 to 50");
    assertThat(k.parameter(CommonParameter.GUIDANCE).orElseThrow().allowed()).isEqualTo("a number from 0 to 10");
    assertThat(k.parameter(CommonParameter.SEED).orElseThrow().allowed()).isEqualTo("an integer from -1 to 2147483647");
    assertThat(k.parameter(CommonParameter.OUTPUT_FORMAT).orElseThrow().choices()).containsExactly("png", "jpeg");
    assertThat(k.parameters()).containsKeys("negative_prompt", "enable_safety_checker");
    assertThat(k.pricePerImage()).contains(Money.usd("0.025"));
    ModelSpec product = RunPodModels.FLUX_KONTEXT_DEV_PRODUCT;
    assertThat(product.parameter(CommonParameter.STEPS).orElseThrow().allowed()).isEqualTo("an integer from 20 to 40");
    assertThat(product.parameter(CommonParameter.GUIDANCE).orElseThrow().allowed()).isEqualTo("a number from 2 to 5");
    assertThat(product.parameter(CommonParameter.WIDTH).orElseThrow().allowed()).isEqualTo("one of [1024, 1536, 2048]");
    assertThat(ProductPhotoPreset.spec()).isSameAs(product);
    assertThat(RunPodModels.FLUX_SCHNELL.actions()).containsExactly(Action.CREATE);
    assertThat(RunPodModels.FLUX_SCHNELL.acceptsUnknownParameters()).isTrue();
  }

  @Test
  void endpointIdsResolveToTheirModelOrToAPassThroughSpecButTyposDoNot() {
    RunPodProvider p = builder().endpoint("my-kontext", "own123").build();
    assertThat(p.resolveModel("black-forest-labs-flux-1-kontext-dev").map(ModelSpec::id)).contains("flux-kontext-dev");
    ModelSpec raw = p.resolveModel("vllm-8fa3ly2xkq").orElseThrow();
    assertThat(raw.providerRef()).isEqualTo("vllm-8fa3ly2xkq");
    assertThat(raw.acceptsUnknownParameters()).isTrue();
    assertThat(p.resolveModel("own123").orElseThrow().id()).isEqualTo("my-kontext");
    assertThat(p.resolveModel("flux-kontxt-dev")).isEmpty();
    assertThat(p.resolveModel("not/an/endpoint")).isEmpty();
    assertThat(p.endpointFor("flux-schnell")).contains("black-forest-labs-flux-1-schnell");
    assertThat(p.catalog().find("my-kontext").orElseThrow().providerRef()).isEqualTo("own123");
  }

  @Test
  void thePresetRefusesValuesOutsideItNamingFieldValueAndWhatIsAllowed() {
    assertThatThrownBy(() -> new ProductPhotoPreset(50, 3.5, 1024)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("steps = 50 is not allowed by the product-photo preset: expected an integer from 20 to 40")
        .extracting(e -> ((InvalidRequestException) e).field().orElseThrow()).isEqualTo("steps");
    assertThatThrownBy(() -> new ProductPhotoPreset(28, 5.5, 1024))
        .hasMessage("guidance = 5.5 is not allowed by the product-photo preset: expected a number from 2 to 5");
    assertThatThrownBy(() -> new ProductPhotoPreset(28, 3.5, 1000))
        .hasMessage("resolution = 1000 is not allowed by the product-photo preset: expected one of [1024, 1536, 2048] (pixels a side)");
    assertThatThrownBy(() -> ProductPhotoPreset.parse("twenty", "3", "1024"))
        .hasMessage("steps = 'twenty' is not allowed by the product-photo preset: expected an integer from 20 to 40");
    assertThat(ProductPhotoPreset.parse("28", "3.5", "1536")).isEqualTo(new ProductPhotoPreset(28, 3.5, 1536));
    assertThat(ProductPhotoPreset.parse(null, " ", "")).isEqualTo(ProductPhotoPreset.DEFAULTS);
    var request = new ProductPhotoPreset(20, 2, 2048).edit(dev.pictor.ImageInput.ofUrl("https://e.com/a.png"), "p").build();
    assertThat(request.model()).isEqualTo("flux-kontext-dev-product");
    assertThat(request.steps()).contains(20);
    assertThat(request.width()).contains(2048);
    assertThat(request.height()).contains(2048);
  }

  @Test
  void theEnvironmentGivesKeysAndBaseUrlAndItsAbsenceIsNamed() {
    RunPodProvider p = RunPodProvider.fromEnv(Map.of("RUNPOD_API_KEY", "rpa_one_zzzzzzzz,rpa_two_zzzzzzzz",
        "RUNPOD_BASE_URL", "http://127.0.0.1:9/v2/")::get);
    assertThat(p.tokens().size()).isEqualTo(2);
    assertThat(p.baseUrl()).isEqualTo("http://127.0.0.1:9/v2");
    assertThat(RunPodProvider.fromEnv(Map.of("RUNPOD_API_KEY", "rpa_x_zzzzzzzz")::get).baseUrl()).isEqualTo("https://api.runpod.ai/v2");
    assertThatThrownBy(() -> RunPodProvider.fromEnv(Map.<String, String>of()::get)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("set RUNPOD_API_KEY");
    assertThatThrownBy(() -> RunPodProvider.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> builder().syncWait(java.time.Duration.ofSeconds(301))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("syncWait must be 1 s to 300 s; got PT5M1S");
    assertThatThrownBy(() -> builder().webhookSecret("short")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().endpoint("m", "a/b")).isInstanceOf(IllegalArgumentException.class);
  }
}
