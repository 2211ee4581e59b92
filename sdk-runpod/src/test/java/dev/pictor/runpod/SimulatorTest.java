package dev.pictor.runpod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.ImageInput;
import dev.pictor.Job;
import dev.pictor.JobQuery;
import dev.pictor.JobStatus;
import dev.pictor.Money;
import dev.pictor.OutputSink;
import dev.pictor.RetryPolicy;
import dev.pictor.TokenPool;
import dev.pictor.Webhooks;
import dev.pictor.spi.WebhookDelivery;
import dev.pictor.testkit.TestImages;
import dev.pictor.testkit.runpod.RunPodSimulator;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider against the testkit's RunPod simulator: every catalogue model, /run, the endpoint
 * operations, a key whose real limit is far below the documented one, and webhooks the simulator sends.
 */
class SimulatorTest {
  static final String KEY = "rpa_simAAAAAAAAAAAAAAAAAAAAAAAAAAAA0001";
  @TempDir Path dir;
  @StartStop final MockWebServer host = new MockWebServer();

  static RunPodProvider.Builder provider(RunPodSimulator sim) {
    return RunPodProvider.builder().apiKey(KEY).baseUrl(sim.baseUrl())
        .inputUploader((image, jobId) -> CompletableFuture.completedFuture(URI.create("https://cdn.example.com/" + jobId + ".png")));
  }

  private GenerationClient client(RunPodProvider p) {
    return GenerationClient.builder().provider(p).polling(Duration.ofMillis(5), Duration.ofMillis(20))
        .retryPolicy(RetryPolicy.builder().backoff(Duration.ofMillis(1), Duration.ofMillis(5)).maxRetryAfter(Duration.ofMillis(200)).build())
        .outputs(OutputSink.files(dir)).build();
  }

  @Test
  void everyCatalogueModelRunsAndTheActualCostIsRunPods() throws Exception {
    ImageInput local = ImageInput.of(TestImages.png(1, 32, 32), "shoe.png");
    ImageInput remote = ImageInput.ofUrl("https://cdn.example.com/bag.jpg");
    List<GenerationRequest> requests = List.of(
        GenerationRequest.edit("flux-kontext-dev").prompt("white studio background").image(remote).size(1024, 1024).seed(-1).build(),
        GenerationRequest.edit("flux-kontext-dev").prompt("white studio background").image(local).outputFormat("jpeg").build(),
        ProductPhotoPreset.parse("32", "4", "1536").edit(remote, "soft shadow").build(),
        GenerationRequest.create("flux-dev").prompt("a fox").size(1024, 768).guidance(3.5).build(),
        GenerationRequest.create("flux-schnell").prompt("a fox").steps(4).build(),
        GenerationRequest.create(RunPodModels.FLUX_SCHNELL_ENDPOINT).prompt("by endpoint id").build());
    BigDecimal cost = BigDecimal.ZERO;
    try (RunPodSimulator sim = RunPodSimulator.builder().apiKeys(KEY).build().start();
        GenerationClient client = client(provider(sim).build())) {
      for (GenerationRequest r : requests) {
        GenerationResult result = client.generateAsync(r).get(20, TimeUnit.SECONDS);
        assertThat(result.images()).as(r.toString()).hasSize(1);
        cost = cost.add(result.job().actualCost().orElseThrow().amount());
      }
      assertThat(sim.ledger().total()).isEqualTo(requests.size());
      assertThat(sim.ledger().byEndpoint()).containsEntry("POST /v2/{endpoint}/runsync", requests.size());
      assertThat(sim.ledger().cost()).isEqualByComparingTo(cost);
      assertThat(sim.ledger().duplicates()).isEmpty();
      assertThat(sim.ledger().downloadsWithAuthorization()).isZero();
    }
  }

  @Test
  void localPhotosGoInlineToTheSimulatorsKontextWhenTheEndpointIsSaidToTakeBase64() throws Exception {
    // The simulator's Kontext takes data URIs; real RunPod's public endpoint takes URLs (use an InputUploader there).
    try (RunPodSimulator sim = RunPodSimulator.builder().apiKeys(KEY).build().start();
        GenerationClient client = client(RunPodProvider.builder().apiKey(KEY).baseUrl(sim.baseUrl())
            .inlineImages(RunPodModels.FLUX_KONTEXT_DEV_ENDPOINT, RunPodProvider.Builder.MAX_INLINE_BYTES).build())) {
      GenerationResult r = client.generateAsync(ProductPhotoPreset.DEFAULTS.edit(ImageInput.of(TestImages.jpeg(4, 64, 48), "mug.jpg"),
          "white studio background").build()).get(20, TimeUnit.SECONDS);
      assertThat(r.images()).hasSize(1);
      assertThat(r.job().actualCost()).isPresent();
    }
  }

  @Test
  void runHealthRetryAndStatusWorkAgainstTheSimulator() throws Exception {
    RunPodSimulator.Faults failing = RunPodSimulator.Faults.builder().failingJobs(1.0).seed(3).build();
    try (RunPodSimulator sim = RunPodSimulator.builder().apiKeys(KEY).faults(failing).build().start()) {
      RunPodProvider p = provider(sim).asyncSubmit(true).build();
      try (GenerationClient client = client(p)) {
        CompletableFuture<GenerationResult> f = client.generateAsync(GenerationRequest.create("flux-schnell").prompt("p").build());
        assertThat(f.handle((r, e) -> e).get(10, TimeUnit.SECONDS)).isNotNull();
        Job failed = client.jobs(JobQuery.all()).get(0);
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);

        RunPodEndpoints endpoints = RunPodEndpoints.of(client, p);
        EndpointHealth health = endpoints.health("flux-schnell").get(5, TimeUnit.SECONDS);
        assertThat(health.endpointId()).isEqualTo(RunPodModels.FLUX_SCHNELL_ENDPOINT);
        assertThat(health.jobs().failed()).isEqualTo(1);
        RunPodJob retried = endpoints.retry(failed.id()).get(5, TimeUnit.SECONDS);
        assertThat(retried.runpodJobId()).isEqualTo(failed.providerJobId().orElseThrow().split("/")[1]);
        assertThat(endpoints.status(failed.id()).get(5, TimeUnit.SECONDS).runpodStatus()).isIn("IN_QUEUE", "IN_PROGRESS", "FAILED");
        assertThat(endpoints.purgeQueue("flux-schnell").get(5, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(0);
      }
      assertThat(sim.ledger().byEndpoint()).containsEntry("POST /v2/{endpoint}/run", 1);
      assertThat(sim.ledger().retries()).isEqualTo(1);
    }
  }

  @Test
  @Timeout(60)
  void aKeyWhoseRealLimitIsFarBelowTheDocumentedOneSlowsDownAndEveryJobSucceeds() {
    int jobs = 30;
    try (RunPodSimulator sim = RunPodSimulator.builder().apiKeys(KEY).runsyncLimit(10, 5).build().start();
        GenerationClient client = client(provider(sim).build())) {
      List<CompletableFuture<GenerationResult>> all = new ArrayList<>();
      for (int i = 0; i < jobs; i++) {
        all.add(client.generateAsync(GenerationRequest.create("flux-schnell").prompt("throttled " + i).seed(i).build()));
      }
      for (CompletableFuture<GenerationResult> f : all) assertThat(f.join().job().status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(sim.ledger().byStatus().getOrDefault(429, 0)).isPositive();
      assertThat(sim.ledger().total()).isEqualTo(jobs);
      assertThat(sim.ledger().duplicates()).isEmpty();
    }
  }

  @Test
  void theSimulatorsWebhookEndsTheJobThroughTheTokenCheckAndStatus() throws Exception {
    try (RunPodSimulator sim = RunPodSimulator.builder().apiKeys(KEY).latency(Duration.ofMillis(50)).build().start()) {
      RunPodProvider p = provider(sim).asyncSubmit(true).webhook(host.url("/hooks/runpod").toString()).build();
      host.enqueue(new MockResponse.Builder().code(200).build());
      try (GenerationClient client = GenerationClient.builder().provider(p).outputs(OutputSink.files(dir)).build()) {
        CompletableFuture<GenerationResult> f = client.generateAsync(GenerationRequest.create("flux-dev").prompt("p").build());
        RecordedRequest hook = host.takeRequest(10, TimeUnit.SECONDS);
        assertThat(hook).isNotNull();
        WebhookDelivery d = WebhookDelivery.of(hook.getUrl().uri(), Map.of(), hook.getBody().toByteArray());
        assertThat(client.webhooks().handle("runpod", d)).isEqualTo(Webhooks.Outcome.UPDATED);
        GenerationResult r = f.get(10, TimeUnit.SECONDS);
        assertThat(r.job().actualCost()).contains(Money.usd("0.020972"));
      }
      assertThat(sim.ledger().webhookDeliveries()).isEqualTo(1);
      assertThat(sim.ledger().byEndpoint()).containsEntry("GET /v2/{endpoint}/status/{id}", 1);
    }
  }
}
