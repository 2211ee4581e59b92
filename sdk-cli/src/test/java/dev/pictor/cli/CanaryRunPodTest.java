package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.ImageInput;
import dev.pictor.TokenPool;
import dev.pictor.WebhookRejectedException;
import dev.pictor.runpod.RunPodModels;
import dev.pictor.runpod.RunPodProvider;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.WebhookDelivery;
import dev.pictor.testkit.TestImages;
import dev.pictor.testkit.runpod.RunPodSimulator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two canary API keys through every RunPod path against its simulator with faults injected: sync and
 * queued submits, 5xx, resets, malformed answers, failed and timed-out jobs, submits charged but never
 * answered, a revoked key (401), the per-endpoint rate limit (429), an inline input image, a job
 * timing out and canceled, and the simulator's webhooks fed to the client, with forged copies.
 * Neither key shows anywhere ({@link Canary}).
 */
class CanaryRunPodTest {
  static final String CANARY = "rpa_CANARYQ7LW2XK9PM4RT6YB1NC3VD8HJ5KEY";
  static final String REVOKED = "rpa_REVOKEDZ3X8WQ1LS6KD0FP2GM7BN4TYKEY";
  @TempDir Path dir;

  @Test
  void theKeysAppearNowhereOnAnyRunPodPath() throws Exception {
    Canary canary = new Canary(CANARY, REVOKED);
    JobStore store = JobStore.inMemory();
    RunPodSimulator.Faults faults = RunPodSimulator.Faults.builder().serverErrors(0.15).resetsBeforeAnswer(0.05)
        .dropAfterCharge(0.1).failingJobs(0.1).timedOutJobs(0.05).malformedJson(0.1).seed(6).build();
    try (Canary.Capture capture = canary.capture();
        RunPodSimulator sim = RunPodSimulator.builder().apiKeys(CANARY, REVOKED).anyEndpoint().runsyncLimit(20, 3).runLimit(20, 3)
            .latency(Duration.ofMillis(5)).faults(faults).build().start()) {
      sim.revoke(REVOKED);
      for (boolean queued : new boolean[] {false, true}) {
        RunPodProvider p = provider(sim, queued).tokens(TokenPool.of(CANARY, REVOKED)).build();
        try (GenerationClient client = canary.client(p, store, dir.resolve("q" + queued)).build()) {
          List<CompletableFuture<?>> runs = new ArrayList<>();
          for (int i = 0; i < 8; i++) runs.add(client.generateAsync(GenerationRequest.create("flux-schnell").prompt("canary " + i).build()));
          runs.add(client.generateAsync(GenerationRequest.edit("flux-kontext-dev").prompt("white background")
              .image(ImageInput.of(TestImages.png(4, 32, 32), "in.png")).build()));
          runs.add(client.generateAsync(GenerationRequest.create("flux-schnell").prompt("too slow").timeout(Duration.ofMillis(1)).build()));
          CompletableFuture<GenerationResult> canceled = client.generateAsync(GenerationRequest.create("flux-schnell").prompt("stop").build());
          canceled.cancel(true);
          runs.add(canceled);
          canary.settle(runs);
          canary.seeAll(client, p, store);
        }
      }
      assertThat(sim.ledger().faults().keySet()).as("faults that happened").hasSizeGreaterThanOrEqualTo(3);
      assertThat(sim.ledger().byStatus()).containsKeys(401, 429);
      webhooks(canary);
    }
    assertThat(canary.streams()).as("the logs").contains("removed from the pool");
    canary.assertNowhere();
  }

  /** RunPod's documented limits: its 429 has no Retry-After, and a token without limits would rest 30 s after one. */
  private static RunPodProvider.Builder provider(RunPodSimulator sim, boolean queued) {
    return RunPodProvider.builder().baseUrl(sim.baseUrl()).asyncSubmit(queued)
        .inlineImages(RunPodModels.FLUX_KONTEXT_DEV_ENDPOINT, RunPodProvider.Builder.MAX_INLINE_BYTES);
  }

  /** Queued jobs that only the simulator's webhooks end (polls are a 30 s backstop), fed in by the host's handler. */
  private void webhooks(Canary canary) {
    AtomicReference<GenerationClient> current = new AtomicReference<>();
    JobStore store = JobStore.inMemory();
    try (WebhookHost host = new WebhookHost(d -> feed(canary, current.get(), d));
        RunPodSimulator sim = RunPodSimulator.builder().apiKeys(CANARY).anyEndpoint().latency(Duration.ofMillis(5)).build().start()) {
      RunPodProvider p = provider(sim, true).tokens(TokenPool.of(CANARY)).webhook(host.url("/hooks/runpod")).build();
      try (GenerationClient client = canary.client(p, store, dir.resolve("hooked")).build()) {
        current.set(client);
        List<CompletableFuture<?>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) runs.add(client.generateAsync(GenerationRequest.create("flux-schnell").prompt("hooked " + i).build()));
        assertThat(canary.settle(runs)).isZero();
        canary.seeAll(client, p, store);
      }
    }
  }

  /** As a host's handler: a copy at a forged URL first (refused), then the delivery itself. */
  private static int feed(Canary canary, GenerationClient client, WebhookDelivery d) {
    URI forged = URI.create(d.uri().orElseThrow().toString().replaceAll("pictor_token=[^&]+", "pictor_token=AAAAAAAAAAAAAAAAAAAAAA"));
    try {
      client.webhooks().handle("runpod", WebhookDelivery.of(forged, d.headers(), d.body()));
    } catch (WebhookRejectedException expected) {
      canary.see(expected);
    }
    try {
      canary.see(client.webhooks().handle("runpod", d));
      return 200;
    } catch (RuntimeException e) {
      canary.see(e);
      return e instanceof WebhookRejectedException ? 401 : 500;
    }
  }
}
