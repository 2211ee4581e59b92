package dev.pictor.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.Money;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Estimates before the call follow the model, size, quality and count, not one catalogue price. */
class EstimateTest {
  private static BigDecimal usd(GenerationClient client, GenerationRequest r) {
    return client.estimate(r).map(Money::amount).orElseThrow();
  }

  @Test
  void sizeQualityAndCountMoveTheEstimate() {
    try (GenerationClient client = GenerationClient.builder()
        .provider(OpenAiProvider.builder().apiKey("sk-estimate-test-0000000000").baseUrl("http://127.0.0.1:9/v1").build())
        .build()) {
      GenerationRequest.Builder base = GenerationRequest.create("gpt-image-1").prompt("a fox");
      assertThat(usd(client, base.build())).isEqualByComparingTo("0.042");
      assertThat(usd(client, base.parameter("quality", "low").build())).isEqualByComparingTo("0.01092");
      assertThat(usd(client, GenerationRequest.create("gpt-image-1").prompt("a fox").parameter("quality", "high").build()))
          .isEqualByComparingTo("0.1659");
      // 4:5 is made as 1024x1536 and cropped: priced as the portrait size it is made at.
      assertThat(usd(client, GenerationRequest.create("gpt-image-1").prompt("a fox").aspectRatio("4:5").build()))
          .isEqualByComparingTo("0.063");
      assertThat(usd(client, GenerationRequest.create("gpt-image-1").prompt("a fox").numOutputs(3).build()))
          .isEqualByComparingTo("0.126");
      // DALL-E 3 is priced per image by quality and size.
      assertThat(usd(client, GenerationRequest.create("dall-e-3").prompt("a fox").parameter("quality", "hd")
          .aspectRatio("16:9").build())).isEqualByComparingTo("0.12");
    }
  }
}
