package dev.pictor.runpod;

import static dev.pictor.runpod.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.ImageInput;
import dev.pictor.Job;
import dev.pictor.JobQuery;
import dev.pictor.JobStatus;
import dev.pictor.OutputSink;
import dev.pictor.TokenPool;
import dev.pictor.WebhookRejectedException;
import dev.pictor.Webhooks.Outcome;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.RateLimits;
import dev.pictor.spi.WebhookDelivery;
import dev.pictor.testkit.ManualClock;
import dev.pictor.testkit.TestImages;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000 forged RunPod deliveries ({@link ForgedRunPodDeliveries}, seeded) against a job in flight,
 * fed to {@code client.webhooks()}: each is refused with its reason before any call to RunPod, and
 * neither that job nor the other one changes. Then the real URL moves the job on, and only as far as
 * {@code /status} says, whatever the body claims; replays change nothing. Time stands still (a
 * {@link ManualClock}): only webhooks can move the jobs.
 */
class HostileWebhooksTest {
  private static final long SEED = 20_260_102L;
  private static final String HOOK = "https://shop.example.com/hooks/runpod";

  @StartStop final MockWebServer api = new MockWebServer();
  @StartStop final MockWebServer cdn = new MockWebServer();
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock();
  private final JobStore store = JobStore.inMemory();
  private final TokenPool pool = TokenPool.of(TestCall.TOKEN);

  /** Unlimited rates: a permit that had to wait would wait for the stopped clock (each delivery it accepts takes one). */
  private GenerationClient client() {
    RunPodProvider p = RunPodProvider.builder().tokens(pool).baseUrl(api.url("/v2").toString())
        .webhook(HOOK).webhookSecret(WebhookDeliveryTest.SECRET).asyncSubmit(true).rateLimits(RateLimits.unlimited()).build();
    return GenerationClient.builder().provider(p).jobStore(store).scheduler(clock).outputs(OutputSink.files(dir))
        .shutdownTimeout(Duration.ZERO).build();
  }

  /** Submits a job RunPod queues as {@code runpodId}; returns its result and the webhook URL RunPod was given. */
  private Map.Entry<CompletableFuture<GenerationResult>, URI> submit(GenerationClient client, String runpodId, int pending)
      throws InterruptedException {
    api.enqueue(json(200, "{\"id\":\"" + runpodId + "\",\"status\":\"IN_QUEUE\"}"));
    CompletableFuture<GenerationResult> result = client.generateAsync(GenerationRequest.edit("flux-kontext-dev").prompt("p")
        .image(ImageInput.ofUrl("https://e.com/" + runpodId + ".png")).build());
    clock.awaitPending(pending, Duration.ofSeconds(5)); // answered; only the backstop poll waits
    return Map.entry(result, URI.create((String) Wire.body(api.takeRequest()).get("webhook")));
  }

  private static Outcome handle(GenerationClient client, URI uri, String body) {
    return client.webhooks().handle("runpod", WebhookDelivery.of(uri, Map.of(), body.getBytes(StandardCharsets.UTF_8)));
  }

  private Map<String, Long> versions(GenerationClient client) {
    Map<String, Long> out = new HashMap<>();
    for (Job j : client.jobs(JobQuery.all())) out.put(j.id() + " " + j.status(), store.find(j.id()).orElseThrow().version());
    return out;
  }

  @Test
  void aThousandForgedDeliveriesChangeNothingAndTheRealUrlMovesTheJobOnlyAsFarAsStatusSays() throws Exception {
    cdn.enqueue(Wire.image(TestImages.png(9, 8, 8)));
    try (GenerationClient client = client()) {
      var target = submit(client, "a-1", 1);
      var other = submit(client, "b-2", 2);
      Map<String, Long> before = versions(client);
      String done = Wire.job("a-1", "COMPLETED", Wire.kontextOutput(cdn.url("/a-1.png").toString(), "0.031457"));
      ForgedRunPodDeliveries forger = new ForgedRunPodDeliveries(SEED, target.getValue(), other.getValue(), done);
      Map<String, Integer> perKind = new HashMap<>();
      for (ForgedRunPodDeliveries.Delivery d : forger.forged(1000)) {
        assertThatThrownBy(() -> client.webhooks().handle("runpod", WebhookDelivery.of(d.uri(), Map.of(), d.body())))
            .as(d.toString())
            .isExactlyInstanceOf(WebhookRejectedException.class)
            .satisfies(e -> {
              assertThat(((WebhookRejectedException) e).reason()).as(d.toString()).isEqualTo(d.expected());
              assertThat(e.getMessage()).doesNotContain(WebhookDeliveryTest.SECRET).doesNotContain("\n");
            });
        perKind.merge(d.kind(), 1, Integer::sum);
      }
      assertThat(perKind.keySet()).containsExactlyInAnyOrderElementsOf(forger.kinds());
      assertThat(versions(client)).isEqualTo(before);
      assertThat(api.getRequestCount()).as("the two submits; no /status for a forged delivery").isEqualTo(2);
      assertThat(cdn.getRequestCount()).isZero();

      // The real URL, a body claiming success: /status says it is still running, and /status wins.
      api.enqueue(json(200, Wire.job("a-1", "IN_PROGRESS", null)));
      assertThat(handle(client, target.getValue(), done)).isEqualTo(Outcome.UPDATED);
      assertThat(target.getKey()).isNotDone();
      api.enqueue(json(200, done));
      assertThat(handle(client, target.getValue(), Wire.job("a-1", "IN_QUEUE", null))).isEqualTo(Outcome.UPDATED);
      assertThat(target.getKey().get(10, TimeUnit.SECONDS).job().status()).isEqualTo(JobStatus.SUCCEEDED);
      api.enqueue(json(200, done));
      assertThat(handle(client, target.getValue(), done)).as("a replay").isEqualTo(Outcome.UNCHANGED);
      assertThat(other.getKey()).isNotDone();
    }
  }

  @Test
  void forgedDeliveriesCostTheKeyPoolNothing() throws Exception {
    try (GenerationClient client = client()) {
      var target = submit(client, "a-1", 1);
      var other = submit(client, "b-2", 2);
      long requests = pool.stats().get(0).requests();
      String done = Wire.job("a-1", "COMPLETED", null);
      for (ForgedRunPodDeliveries.Delivery d : new ForgedRunPodDeliveries(3, target.getValue(), other.getValue(), done).forged(60)) {
        assertThatThrownBy(() -> client.webhooks().handle("runpod", WebhookDelivery.of(d.uri(), Map.of(), d.body())))
            .as(d.toString()).isInstanceOf(WebhookRejectedException.class);
      }
      assertThat(pool.stats().get(0).errors()).isZero();
      assertThat(pool.stats().get(0).requests()).isEqualTo(requests);
    }
  }

  /**
   * A delivery to one job's real URL whose body names another RunPod job is refused before any
   * {@code /status} read, whether that job is another job's of this client or no job of it: the URL's
   * token binds the Pictor job, and that job already has its RunPod job.
   */
  @Test
  void aJobsUrlWithABodyNamingAnotherRunPodJobIsRefusedWithoutAStatusRead() throws Exception {
    try (GenerationClient client = client()) {
      var target = submit(client, "a-1", 1);
      var other = submit(client, "b-2", 2);
      Map<String, Long> before = versions(client);
      long requests = pool.stats().get(0).requests();
      // Were either read, /status would say it finished.
      api.enqueue(json(200, Wire.job("b-2", "COMPLETED", Wire.kontextOutput(cdn.url("/b-2.png").toString(), "0.03"))));
      for (String named : new String[] {"b-2", "x-9"}) {
        assertThatThrownBy(() -> handle(client, target.getValue(), Wire.job(named, "COMPLETED", null))).as(named)
            .isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
              assertThat(e.reason()).isEqualTo(WebhookRejectedException.Reason.BAD_TOKEN);
              assertThat(e.getMessage()).contains("names RunPod job " + named + ", not that job's");
            });
      }
      assertThat(api.getRequestCount()).as("the two submits; no /status").isEqualTo(2);
      assertThat(versions(client)).isEqualTo(before);
      assertThat(pool.stats().get(0).requests()).isEqualTo(requests);
      assertThat(target.getKey()).isNotDone();
      assertThat(other.getKey()).isNotDone();
    }
  }

  /**
   * A job whose submit answer was lost has no RunPod job yet: a delivery to its own URL is adopted into
   * it, naming whichever RunPod job RunPod says; but not one that another job of this client already
   * has, and another job's URL (whose token is not this job's) cannot adopt anything into it.
   */
  @Test
  void aJobWhoseSubmitAnswerWasLostAdoptsOnlyThroughItsOwnUrl() throws Exception {
    cdn.enqueue(Wire.image(TestImages.png(7, 8, 8)));
    try (GenerationClient client = client()) {
      api.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
      CompletableFuture<GenerationResult> lost = client.generateAsync(GenerationRequest.edit("flux-kontext-dev").prompt("p")
          .image(ImageInput.ofUrl("https://e.com/lost.png")).build());
      URI lostUrl = URI.create((String) Wire.body(api.takeRequest()).get("webhook"));
      Job unknown = awaitStatus(client, JobStatus.UNKNOWN);
      assertThat(unknown.providerJobId()).isEmpty();
      var other = submit(client, "b-2", clock.pending() + 1);
      Map<String, Long> before = versions(client);

      // Its own URL, but a RunPod job that is the other job's: refused once /status named it, and neither job moves.
      api.enqueue(json(200, Wire.job("b-2", "COMPLETED", null)));
      assertThatThrownBy(() -> handle(client, lostUrl, Wire.job("b-2", "COMPLETED", null)))
          .isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
            assertThat(e.reason()).isEqualTo(WebhookRejectedException.Reason.BAD_TOKEN);
            assertThat(e.getMessage()).contains("webhook URL of job " + unknown.id()).contains("which another job has");
          });
      assertThat(api.getRequestCount()).as("two submits and that /status").isEqualTo(3);
      // The other job's URL naming a RunPod job of no job here: that URL's token is not the lost job's,
      // and its own job has its RunPod job, so nothing is read.
      assertThatThrownBy(() -> handle(client, other.getValue(), Wire.job("x-9", "COMPLETED", null)))
          .isInstanceOfSatisfying(WebhookRejectedException.class,
              e -> assertThat(e.reason()).isEqualTo(WebhookRejectedException.Reason.BAD_TOKEN));
      assertThat(api.getRequestCount()).isEqualTo(3);
      assertThat(versions(client)).isEqualTo(before);
      assertThat(client.job(unknown.id()).orElseThrow().status()).isEqualTo(JobStatus.UNKNOWN);
      assertThat(other.getKey()).isNotDone();

      // Its own URL naming its RunPod job: adopted, as far as /status says.
      api.enqueue(json(200, Wire.job("x-9", "COMPLETED", Wire.kontextOutput(cdn.url("/x-9.png").toString(), "0.03"))));
      assertThat(handle(client, lostUrl, Wire.job("x-9", "COMPLETED", null))).isEqualTo(Outcome.UPDATED);
      Job adopted = awaitStatus(client, JobStatus.SUCCEEDED);
      assertThat(adopted.id()).isEqualTo(unknown.id());
      assertThat(adopted.providerJobId()).contains(Wire.KONTEXT + "/x-9");
      assertThat(other.getKey()).isNotDone();
      assertThat(client.job(unknown.id()).orElseThrow().outputs()).hasSize(1);
      assertThat(lost).isDone();
    }
  }

  /** The one job in {@code status}, once it is there. */
  private Job awaitStatus(GenerationClient client, JobStatus status) throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      for (Job j : client.jobs(JobQuery.all())) if (j.status() == status) return j;
      Thread.sleep(10);
    }
    throw new AssertionError("no job became " + status + ": " + client.jobs(JobQuery.all()));
  }
}
