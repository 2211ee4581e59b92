package dev.pictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {
  private final ModelCatalog catalog = ModelCatalog.of("replicate", List.of(
      ModelSpec.builder("flux-schnell", "black-forest-labs/flux-schnell").actions(Action.CREATE).build(),
      ModelSpec.builder("flux-kontext-pro", "black-forest-labs/flux-kontext-pro").actions(Action.EDIT).build(),
      ModelSpec.builder("real-esrgan", "nightmareai/real-esrgan").actions(Action.UPSCALE).build(),
      ModelSpec.builder("imagen-4", "google/imagen-4").actions(Action.CREATE).build()));

  @Test
  void unknownIdsListTheClosestKnownOnes() {
    assertThatThrownBy(() -> catalog.require("flux-shnell")).isInstanceOf(InvalidRequestException.class)
        .hasMessage("unknown model 'flux-shnell' for provider replicate; closest known: flux-schnell, flux-kontext-pro, imagen-4");
    assertThat(catalog.require("imagen-4").providerRef()).isEqualTo("google/imagen-4");
  }

  @Test
  void defaultsForInputImagesFollowTheActions() {
    assertThat(catalog.require("flux-schnell").maxInputImages()).isZero();
    assertThat(catalog.require("flux-kontext-pro").minInputImages()).isEqualTo(1);
    assertThat(catalog.require("flux-kontext-pro").maxInputImages()).isEqualTo(1);
  }

  @Test
  void moneyKeepsSixDecimalsAndRefusesMixedCurrencies() {
    assertThat(Money.usd("0.003").times(24)).isEqualTo(Money.usd("0.072"));
    assertThat(Money.usd("0.0000004").toString()).isEqualTo("USD 0");
    assertThat(Money.usd("1.10").plus(Money.usd("0.9")).toString()).isEqualTo("USD 2");
    assertThat(Money.usd("100").amount().toString()).isEqualTo("100");
    assertThatThrownBy(() -> Money.usd("1").plus(Money.zero("credits"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot mix USD and credits");
  }
}
