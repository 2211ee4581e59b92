package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.ImageInput;
import dev.pictor.TokenPool;
import dev.pictor.WebhookRejectedException;
import dev.pictor.replicate.ReplicateProvider;
import dev.pictor.replicate.ReplicateTrainings;
import dev.pictor.replicate.TrainingRequest;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.RateLimits;
import dev.pictor.spi.WebhookDelivery;
import dev.pictor.testkit.TestImages;
import dev.pictor.testkit.replicate.ReplicateSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two canary tokens through every Replicate path against its simulator with faults injected:
 * creates that succeed, fail, hit 5xx, resets and malformed answers, a revoked token (401), the
 * simulator's rate limit (429), charged creates whose answer is lost (reconciled by listing), a job
 * timing out and canceled, an upload (a large input goes through the Files API), a LoRA training,
 * and webhooks fetched-secret-verified and forged. Neither token shows anywhere ({@link Canary}).
 */
class CanaryReplicateTest {
  static final String CANARY = "r8_CANARYq7Lw2Xk9Pm4Rt6Yb1Nc3Vd8Hj5";
  static final String REVOKED = "r8_REVOKEDz3X8wQ1lS6kD0fP2gM7bN4tY";
  @TempDir Path dir;

  @Test
  void theTokensAppearNowhereOnAnyReplicatePath() throws Exception {
    Canary canary = new Canary(CANARY, REVOKED);
    JobStore store = JobStore.inMemory();
    ReplicateSimulator.Faults faults = ReplicateSimulator.Faults.builder().serverErrors(0.15).resetsBeforeAnswer(0.05)
        .dropAfterCharge(0.1).failingPredictions(0.1).malformedJson(0.1).seed(5).build();
    try (Canary.Capture capture = canary.capture();
        ReplicateSimulator sim = ReplicateSimulator.builder().tokens(CANARY, REVOKED).createLimit(20, 4)
            .latency(Duration.ofMillis(5)).faults(faults).build().start()) {
      sim.revoke(REVOKED);
      ReplicateProvider p = ReplicateProvider.builder().tokens(TokenPool.of(CANARY, REVOKED)).baseUrl(sim.baseUrl())
          .rateLimits(RateLimits.unlimited()).build();
      try (GenerationClient client = canary.client(p, store, dir).build()) {
        List<CompletableFuture<?>> runs = new ArrayList<>();
        for (int i = 0; i < 12; i++) runs.add(client.generateAsync(GenerationRequest.create("flux-schnell").prompt("canary " + i).build()));
        // Over 256 KB: the input is uploaded through the Files API with the token.
        byte[] big = Arrays.copyOf(TestImages.png(3, 64, 64), 300_000);
        runs.add(client.generateAsync(GenerationRequest.edit("flux-kontext-pro").prompt("white background")
            .image(ImageInput.of(big, "big.png")).build()));
        runs.add(client.generateAsync(GenerationRequest.create("flux-schnell").prompt("too slow").timeout(Duration.ofMillis(1)).build()));
        CompletableFuture<GenerationResult> canceled = client.generateAsync(GenerationRequest.create("flux-schnell").prompt("stop").build());
        canceled.cancel(true);
        runs.add(canceled);
        runs.add(ReplicateTrainings.of(client, p).withPollInterval(Duration.ofMillis(5)).train(TrainingRequest.builder("acme/canary-lora")
            .triggerWord("CNRY").photo(ImageInput.of(TestImages.jpeg(1, 32, 32), "1.jpg")).build()));
        assertThat(canary.settle(runs)).as("some runs failed, as the faults make them").isPositive();
        canary.seeAll(client, p, store);
      }
      assertThat(sim.ledger().faults().keySet()).as("faults that happened").hasSizeGreaterThanOrEqualTo(3);
      assertThat(sim.ledger().byStatus()).containsKeys(401, 429);
      webhooks(canary);
    }
    assertThat(canary.streams()).as("the logs").contains("removed from the pool");
    canary.assertNowhere();
  }

  /** Deliveries from the simulator to a host endpoint fed into the client, verified with the secret fetched with the token. */
  private void webhooks(Canary canary) throws InterruptedException {
    AtomicReference<GenerationClient> current = new AtomicReference<>();
    try (ReplicateSimulator sim = ReplicateSimulator.builder().tokens(CANARY).latency(Duration.ofMillis(5)).build().start();
        WebhookHost host = new WebhookHost(d -> feed(canary, current.get(), d))) {
      ReplicateProvider hooked = ReplicateProvider.builder().tokens(TokenPool.of(CANARY)).baseUrl(sim.baseUrl())
          .webhook(host.url("/hooks/replicate"), Set.of("completed")).rateLimits(RateLimits.unlimited()).build();
      JobStore store = JobStore.inMemory();
      try (GenerationClient client = canary.client(hooked, store, dir.resolve("hooked")).build()) {
        current.set(client);
        List<CompletableFuture<?>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) runs.add(client.generateAsync(GenerationRequest.create("flux-schnell").prompt("hooked " + i).build()));
        canary.settle(runs);
        // The jobs end through the sync wait; their webhooks arrive a moment later: wait for them.
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (sim.ledger().webhookDeliveries() < 3 && System.nanoTime() < until) Thread.sleep(10);
        canary.seeAll(client, hooked, store);
      }
      assertThat(sim.ledger().webhookDeliveries()).isGreaterThanOrEqualTo(3);
      assertThat(sim.ledger().byEndpoint()).containsKey("GET /v1/webhooks/default/secret");
    }
  }

  /** As a host's handler: a forged copy first (refused), then the delivery itself. */
  private static int feed(Canary canary, GenerationClient client, WebhookDelivery d) {
    byte[] forged = (new String(d.body(), StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
    try {
      client.webhooks().handle("replicate", WebhookDelivery.of(d.uri().orElse(null), d.headers(), forged));
    } catch (WebhookRejectedException expected) {
      canary.see(expected);
    }
    try {
      canary.see(client.webhooks().handle("replicate", d));
      return 200;
    } catch (RuntimeException e) {
      canary.see(e);
      return e instanceof WebhookRejectedException ? 401 : 500;
    }
  }
}
