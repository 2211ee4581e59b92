package dev.pictor.replicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.ImageInput;
import dev.pictor.JobQuery;
import dev.pictor.JobStatus;
import dev.pictor.OutputSink;
import dev.pictor.RetryPolicy;
import dev.pictor.TokenPool;
import dev.pictor.testkit.TestImages;
import dev.pictor.testkit.replicate.ReplicateSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider against the testkit's Replicate simulator: every catalogue model, a faulty batch, a
 * training. One token each: the core paces a token's creates evenly (600 a minute, one per 100 ms),
 * which sets these tests' pace.
 */
class SimulatorTest {
  static final String TOKEN = "r8_simAAAAAAAAAAAAAAAAAAAAAAAAAAAA0001";
  @TempDir Path dir;

  private static GenerationClient client(ReplicateSimulator sim, Path out, String... tokens) {
    ReplicateProvider p = ReplicateProvider.builder().tokens(TokenPool.of(tokens)).baseUrl(sim.baseUrl()).build();
    return GenerationClient.builder().provider(p).polling(Duration.ofMillis(5), Duration.ofMillis(20))
        .retryPolicy(RetryPolicy.builder().backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build())
        .outputs(OutputSink.files(out)).build();
  }

  @Test
  void everyCatalogueModelRunsAgainstTheSimulator() throws Exception {
    ImageInput a = ImageInput.of(TestImages.png(1, 32, 32), "a.png");
    ImageInput b = ImageInput.of(TestImages.jpeg(2, 32, 32), "b.jpg");
    List<GenerationRequest> requests = List.of(
        GenerationRequest.create("flux-schnell").prompt("p").aspectRatio("16:9").numOutputs(2).build(),
        GenerationRequest.create("sdxl-lightning-4step").prompt("p").size(1024, 1024).build(),
        GenerationRequest.create("stable-diffusion").prompt("p").image(a).build(),
        GenerationRequest.create("nano-banana").prompt("p").build(),
        GenerationRequest.create("seedream-4").prompt("p").size(2048, 2048).build(),
        GenerationRequest.create("recraft-v3").prompt("p").build(),
        GenerationRequest.create("imagen-4").prompt("p").build(),
        GenerationRequest.create("ideogram-v3-turbo").prompt("p").build(),
        GenerationRequest.edit("nano-banana").prompt("p").image(a).image(b).build(),
        GenerationRequest.edit("seedream-4").prompt("p").image(a).build(),
        GenerationRequest.edit("flux-kontext-pro").prompt("p").image(a).build(),
        GenerationRequest.edit("multi-image-kontext-pro").prompt("p").image(a).image(b).build(),
        GenerationRequest.edit("flux-fill-pro").prompt("p").image(a).image(b).build(),
        GenerationRequest.upscale("real-esrgan").image(a).upscaleFactor(2).build(),
        GenerationRequest.upscale("clarity-upscaler").image(a).build(),
        GenerationRequest.upscale("recraft-crisp-upscale").image(a).build(),
        GenerationRequest.removeBackground("background-remover").image(a).build(),
        GenerationRequest.removeBackground("birefnet").image(a).build(),
        GenerationRequest.removeBackground("bria-remove-background").image(a).build());
    try (ReplicateSimulator sim = ReplicateSimulator.builder().tokens(TOKEN).build().start();
        GenerationClient client = client(sim, dir, TOKEN)) {
      for (GenerationRequest r : requests) {
        GenerationResult result = client.generateAsync(r).get(20, TimeUnit.SECONDS);
        assertThat(result.images()).as(r.toString()).isNotEmpty();
      }
      assertThat(sim.ledger().total()).isEqualTo(19);
      assertThat(sim.ledger().duplicates()).isEmpty();
      assertThat(sim.ledger().downloadsWithAuthorization()).isZero();
    }
  }

  @Test
  void aBatchThroughInjectedFaultsNeverChargesTwice() throws Exception {
    ReplicateSimulator.Faults faults = ReplicateSimulator.Faults.builder().serverErrors(0.1).dropAfterCharge(0.1)
        .resetsBeforeAnswer(0.05).malformedJson(0.05).seed(7).build();
    try (ReplicateSimulator sim = ReplicateSimulator.builder().tokens(TOKEN).latency(Duration.ofMillis(2)).faults(faults).build().start();
        GenerationClient client = client(sim, dir, TOKEN)) {
      List<CompletableFuture<GenerationResult>> all = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        all.add(client.generateAsync(GenerationRequest.create("flux-schnell").prompt("item " + i).seed(i).build()));
      }
      CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).handle((v, e) -> null).get(60, TimeUnit.SECONDS);
      long succeeded = client.jobs(JobQuery.all()).stream().filter(j -> j.status() == JobStatus.SUCCEEDED).count();
      assertThat(sim.ledger().duplicates()).isEmpty();
      assertThat(succeeded).isGreaterThanOrEqualTo(16);
      assertThat(sim.ledger().total()).isGreaterThanOrEqualTo((int) succeeded);
    }
  }

  @Test
  void aLoraIsTrainedAndThenUsedAsAModel() throws Exception {
    try (ReplicateSimulator sim = ReplicateSimulator.builder().tokens(TOKEN).build().start();
        GenerationClient client = client(sim, dir, TOKEN)) {
      ReplicateProvider p = ReplicateProvider.builder().tokens(TokenPool.of(TOKEN)).baseUrl(sim.baseUrl()).build();
      try (GenerationClient own = GenerationClient.builder().provider(p).outputs(OutputSink.files(dir)).build()) {
        TrainedVersion lora = ReplicateTrainings.of(own, p).withPollInterval(Duration.ofMillis(5))
            .train(TrainingRequest.builder("acme/anna-lora").triggerWord("ANNA")
                .photo(ImageInput.of(TestImages.jpeg(1, 32, 32), "1.jpg")).photo(ImageInput.of(TestImages.png(2, 32, 32), "2.png"))
                .build()).get(30, TimeUnit.SECONDS);
        assertThat(lora.model()).isEqualTo("acme/anna-lora");
        GenerationResult r = own.generateAsync(GenerationRequest.create(lora.version()).prompt("ANNA skiing").aspectRatio("3:4")
            .build()).get(20, TimeUnit.SECONDS);
        assertThat(r.images()).isNotEmpty();
      }
      assertThat(sim.ledger().trainings()).isEqualTo(1);
    }
  }

  @Test
  void theSimulatorsSignaturesVerify() {
    try (ReplicateSimulator sim = ReplicateSimulator.builder().tokens(TOKEN).build().start()) {
      String body = "{\"id\":\"p1\",\"status\":\"succeeded\"}";
      long now = Instant.now().getEpochSecond();
      Map<String, List<String>> headers = Map.of("webhook-id", List.of("msg_1"), "webhook-timestamp", List.of(Long.toString(now)),
          "webhook-signature", List.of(ReplicateSimulator.sign(sim.webhookSecret(), "msg_1", now, body)));
      assertThatCode(() -> ReplicateWebhooks.verify(headers, body.getBytes(StandardCharsets.UTF_8), sim.webhookSecret()))
          .doesNotThrowAnyException();
    }
  }
}
