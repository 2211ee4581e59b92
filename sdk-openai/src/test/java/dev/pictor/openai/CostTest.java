package dev.pictor.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.Job;
import dev.pictor.Money;
import dev.pictor.OutputSink;
import java.nio.file.Path;
import java.time.Duration;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The estimate comes from the catalogue before the call; the actual cost from usage tokens (or DALL-E's price per image). */
class CostTest {
  @StartStop final MockWebServer api = new MockWebServer();
  @TempDir Path dir;

  private GenerationClient client() {
    return GenerationClient.builder()
        .provider(OpenAiProvider.builder().apiKey(TestCall.TOKEN).baseUrl(api.url("/v1").toString()).build())
        .outputs(OutputSink.files(dir)).build();
  }

  @Test
  void usageTokensTimesTheModelsRatesIsTheActualCost() {
    api.enqueue(Wire.json(200, Wire.answer(Wire.USAGE, dev.pictor.testkit.TestImages.png(1, 8, 8))).newBuilder()
        .addHeader("openai-processing-ms", "4321").build());
    try (GenerationClient client = client()) {
      GenerationRequest r = GenerationRequest.create("gpt-image-1").prompt("p").build();
      assertThat(client.estimate(r)).contains(Money.usd("0.042"));
      Job job = client.generate(r).job();
      // 10 text tokens x $5 + 40 image tokens x $10 + 4160 output tokens x $40, per million
      assertThat(job.actualCost()).contains(Money.usd("0.16685"));
      assertThat(job.estimatedCost()).contains(Money.usd("0.042"));
      assertThat(job.processingDuration()).contains(Duration.ofMillis(4321));
    }
  }

  @Test
  void eachGptModelHasItsOwnRates() {
    String usage = "{\"input_tokens\":1000000,\"input_tokens_details\":{\"image_tokens\":0,\"text_tokens\":1000000},\"output_tokens\":1000000}";
    String[][] cases = {{"gpt-image-1-mini", "10"}, {"gpt-image-1.5", "37"}, {"gpt-image-2", "37"}};
    try (GenerationClient client = client()) {
      for (String[] c : cases) {
        api.enqueue(Wire.json(200, Wire.answer(usage, dev.pictor.testkit.TestImages.png(1, 8, 8))));
        assertThat(client.generate(GenerationRequest.create(c[0]).prompt("p").build()).job().actualCost()).as(c[0]).contains(Money.usd(c[1]));
      }
    }
  }

  @Test
  void dallEIsPricedPerImageBySizeAndQuality() {
    try (GenerationClient client = client()) {
      api.enqueue(Wire.json(200, Wire.png(8, 8)));
      GenerationRequest hd = GenerationRequest.create("dall-e-3").prompt("p").parameter("quality", "hd").parameter("size", "1024x1792")
          .parameter("response_format", "b64_json").build();
      assertThat(client.estimate(hd)).contains(Money.usd("0.12")); // the estimate knows size and quality too
      assertThat(client.generate(hd).job().actualCost()).contains(Money.usd("0.12"));
      api.enqueue(Wire.json(200, Wire.answer(null, dev.pictor.testkit.TestImages.png(1, 8, 8), dev.pictor.testkit.TestImages.png(2, 8, 8))));
      GenerationRequest two = GenerationRequest.create("dall-e-2").prompt("p").numOutputs(2).parameter("size", "512x512")
          .parameter("response_format", "b64_json").build();
      assertThat(client.estimate(two)).contains(Money.usd("0.036"));
      assertThat(client.generate(two).job().actualCost()).contains(Money.usd("0.036"));
    }
  }
}
