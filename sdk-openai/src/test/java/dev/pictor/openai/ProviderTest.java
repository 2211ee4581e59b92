package dev.pictor.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.InvalidRequestException;
import dev.pictor.ModelSpec;
import dev.pictor.Money;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The provider's configuration and catalogue. */
class ProviderTest {
  @Test
  void theCatalogueHasEachModelWithItsEstimate() {
    assertThat(OpenAiModels.catalog().models()).extracting(ModelSpec::id)
        .containsExactly("gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2", "dall-e-3", "dall-e-2");
    assertThat(OpenAiModels.catalog().provider()).isEqualTo("openai");
    assertThat(OpenAiModels.catalog().models()).extracting(m -> m.pricePerImage().orElseThrow())
        .containsExactly(Money.usd("0.042"), Money.usd("0.008"), Money.usd("0.034"), Money.usd("0.034"), Money.usd("0.04"), Money.usd("0.02"));
    OpenAiProvider p = OpenAiProvider.builder().apiKey("sk-x").build();
    assertThat(p.id()).isEqualTo("openai");
    assertThat(p.catalog()).isSameAs(OpenAiModels.catalog());
    assertThat(p.resolveModel("gpt-image-1")).contains(OpenAiModels.GPT_IMAGE_1);
    assertThat(p.rateLimits()).isEqualTo(OpenAiProvider.DEFAULT_LIMITS);
    assertThat(p.baseUrl()).isEqualTo("https://api.openai.com/v1");
  }

  @Test
  void fromEnvReadsTheKeysBaseOrganizationAndProject() {
    OpenAiProvider p = OpenAiProvider.fromEnv(Map.of("OPENAI_API_KEY", "sk-a,sk-b", "OPENAI_BASE_URL", "http://127.0.0.1:9/v1/",
        "OPENAI_ORG_ID", "org-1", "OPENAI_PROJECT_ID", "proj-1")::get);
    assertThat(p.tokens().size()).isEqualTo(2);
    assertThat(p.baseUrl()).isEqualTo("http://127.0.0.1:9/v1");
    assertThat(p.toString()).contains("organization set, project set").doesNotContain("sk-a");
    assertThatThrownBy(() -> OpenAiProvider.fromEnv(Map.<String, String>of()::get)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("no OpenAI API key: set OPENAI_API_KEY (one key, or several separated by commas)");
  }

  @Test
  void theBuilderRefusesWhatCannotWork() {
    assertThatThrownBy(() -> OpenAiProvider.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no API key");
    assertThatThrownBy(() -> OpenAiProvider.builder().baseUrl("not a url")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OpenAiProvider.builder().requestTimeout(Duration.ofMillis(10))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OpenAiProvider.builder().project("proj\nX-Evil: 1")).isInstanceOf(IllegalArgumentException.class);
    assertThat(OpenAiProvider.DEFAULT_REQUEST_TIMEOUT).isGreaterThanOrEqualTo(Duration.ofMinutes(5));
  }
}
