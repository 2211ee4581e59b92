package dev.pictor.replicate;

import static dev.pictor.replicate.Wire.json;
import static dev.pictor.replicate.Wire.prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.Job;
import dev.pictor.JobQuery;
import dev.pictor.JobStatus;
import dev.pictor.OutputSink;
import dev.pictor.TokenPool;
import dev.pictor.WebhookRejectedException;
import dev.pictor.Webhooks.Outcome;
import dev.pictor.spi.JobStore;
import dev.pictor.testkit.ManualClock;
import dev.pictor.testkit.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forged deliveries fed to {@code client.webhooks()} for a job in flight change nothing: not the job,
 * not its stored record, and nothing is fetched; valid ones move it on, and replays of them (inside the
 * tolerance) change nothing either. Time stands still (a {@link ManualClock}), so only webhooks can
 * move the job: the backstop poll is 30 s away.
 */
class HostileWebhookClientTest {
  private static final String SECRET = ReplicateWebhooksTest.SECRET;

  @StartStop final MockWebServer api = new MockWebServer();
  @StartStop final MockWebServer cdn = new MockWebServer();
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final JobStore store = JobStore.inMemory();
  private final TokenPool pool = TokenPool.of(TestCall.TOKEN);

  /**
   * Unlimited rates: a valid delivery takes one of the token's rate permits, and a permit that must
   * wait would wait for the stopped clock. Forged ones take none
   * (see {@link #forgedDeliveriesCostTheTokenPoolNothing}).
   */
  private GenerationClient client() {
    return client(dev.pictor.spi.RateLimits.unlimited(), true);
  }

  /** With the host's signing secret, or else fetching the account's with a token when a delivery needs it. */
  private GenerationClient client(dev.pictor.spi.RateLimits limits, boolean hostSecret) {
    ReplicateProvider.Builder b = ReplicateProvider.builder().tokens(pool).baseUrl(api.url("/v1").toString()).rateLimits(limits)
        .webhook("https://shop.example.com/hooks/replicate", Set.of("start", "completed"));
    ReplicateProvider p = (hostSecret ? b.webhookSecret(SECRET) : b).build();
    return GenerationClient.builder().provider(p).jobStore(store).scheduler(clock).outputs(OutputSink.files(dir))
        .shutdownTimeout(Duration.ZERO).build(); // a job left in flight stays stored
  }

  /** Submits a job that Replicate answers {@code starting}; returns once only the backstop poll is left. */
  private CompletableFuture<GenerationResult> jobInFlight(GenerationClient client) {
    api.enqueue(json(202, prediction("p_live", "starting", "null")));
    CompletableFuture<GenerationResult> result = client.generateAsync(GenerationRequest.create("flux-schnell").prompt("a fox").build());
    clock.awaitPending(1, Duration.ofSeconds(5));
    return result;
  }

  private static Outcome handle(GenerationClient client, ForgedDeliveries.Delivery d) {
    return client.webhooks().handle("replicate", d.headers(), d.body());
  }

  private long storedVersion(Job job) {
    return store.find(job.id()).orElseThrow().version();
  }

  @Test
  void aThousandForgedDeliveriesChangeNoJobAndValidOnesMoveItOnOnce() throws Exception {
    cdn.enqueue(Wire.image(TestImages.png(3, 8, 8)));
    try (GenerationClient client = client()) {
      CompletableFuture<GenerationResult> result = jobInFlight(client);
      Job before = client.jobs(JobQuery.all()).get(0);
      long version = storedVersion(before);
      String done = prediction("p_live", "succeeded", "[\"" + cdn.url("/p_live.png") + "\"]");
      ForgedDeliveries forger = new ForgedDeliveries(HostileWebhooksTest.SEED, SECRET, clock.now(),
          ReplicateWebhooks.DEFAULT_TOLERANCE);

      for (ForgedDeliveries.Delivery d : forger.forged(done, 1000)) {
        assertThatThrownBy(() -> handle(client, d)).as(d.toString())
            .isInstanceOfSatisfying(WebhookRejectedException.class, e -> assertThat(e.reason()).isEqualTo(d.expected()));
      }
      assertThat(storedVersion(before)).isEqualTo(version);
      assertThat(client.job(before.id()).orElseThrow().toString()).isEqualTo(before.toString());
      assertThat(before.status().isTerminal()).isFalse();
      assertThat(result).isNotDone();
      assertThat(api.getRequestCount()).isEqualTo(1); // the create; no secret fetch, no poll
      assertThat(cdn.getRequestCount()).isZero();

      ForgedDeliveries.Delivery started = forger.valid(prediction("p_live", "processing", "null"), 1).get(0);
      ForgedDeliveries.Delivery finished = forger.valid(done, 1).get(0);
      assertThat(handle(client, started)).isEqualTo(Outcome.UPDATED);
      assertThat(handle(client, finished)).isEqualTo(Outcome.UPDATED);
      assertThat(result.get(10, TimeUnit.SECONDS).job().status()).isEqualTo(JobStatus.SUCCEEDED);

      long finalVersion = storedVersion(before);
      assertThat(handle(client, finished)).as("the same delivery again").isEqualTo(Outcome.UNCHANGED);
      assertThat(handle(client, started)).as("an older state again").isEqualTo(Outcome.UNCHANGED);
      assertThat(storedVersion(before)).isEqualTo(finalVersion);
      assertThat(cdn.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void aValidDeliveryReplayedOutsideTheToleranceIsRefused() {
    try (GenerationClient client = client()) {
      jobInFlight(client);
      Job before = client.jobs(JobQuery.all()).get(0);
      // Captured six minutes ago and sent again now.
      ForgedDeliveries.Delivery captured = new ForgedDeliveries(7, SECRET, clock.now().minus(Duration.ofMinutes(6)),
          ReplicateWebhooks.DEFAULT_TOLERANCE).valid(prediction("p_live", "canceled", "null"), 1).get(0);
      assertThatThrownBy(() -> handle(client, captured)).isInstanceOfSatisfying(WebhookRejectedException.class,
          e -> assertThat(e.reason()).isEqualTo(WebhookRejectedException.Reason.STALE));
      assertThat(client.job(before.id()).orElseThrow().status()).isEqualTo(before.status());
    }
  }

  @Test
  void forgedDeliveriesCostTheTokenPoolNothing() {
    try (GenerationClient client = client()) {
      jobInFlight(client);
      long requests = pool.stats().get(0).requests();
      ForgedDeliveries forger = new ForgedDeliveries(3, SECRET, clock.now(), ReplicateWebhooks.DEFAULT_TOLERANCE);
      for (ForgedDeliveries.Delivery d : forger.forged(prediction("p_live", "succeeded", "null"), 50)) {
        assertThatThrownBy(() -> handle(client, d)).isInstanceOf(WebhookRejectedException.class);
      }
      assertThat(pool.stats().get(0).errors()).isZero();
      assertThat(pool.stats().get(0).requests()).isEqualTo(requests);
    }
  }

  /**
   * With Replicate's real limit of 60 reads a minute on one token and the clock stopped, 500 forged
   * deliveries are refused at once and the valid one after them still finds its permit: forged
   * traffic cannot starve the polls and deliveries that need the token.
   */
  @Test
  @Timeout(30) // a permit taken by a forgery would make the valid delivery wait for the stopped clock
  void aFloodOfForgedDeliveriesLeavesTheRatePermitsToRealCalls() throws Exception {
    cdn.enqueue(Wire.image(TestImages.png(4, 8, 8)));
    try (GenerationClient client = client(dev.pictor.spi.RateLimits.of(600, Duration.ofMinutes(1), 60, Duration.ofMinutes(1)), true)) {
      CompletableFuture<GenerationResult> result = jobInFlight(client);
      String done = prediction("p_live", "succeeded", "[\"" + cdn.url("/p_live.png") + "\"]");
      ForgedDeliveries forger = new ForgedDeliveries(5, SECRET, clock.now(), ReplicateWebhooks.DEFAULT_TOLERANCE);
      for (ForgedDeliveries.Delivery d : forger.forged(done, 500)) {
        assertThatThrownBy(() -> handle(client, d)).isInstanceOf(WebhookRejectedException.class);
      }
      CompletableFuture<Outcome> valid = CompletableFuture.supplyAsync(() -> handle(client, forger.valid(done, 1).get(0)));
      assertThat(valid.get(10, TimeUnit.SECONDS)).isEqualTo(Outcome.UPDATED);
      assertThat(result.get(10, TimeUnit.SECONDS).job().status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(pool.stats().get(0).errors()).isZero();
    }
  }

  /**
   * Without the host's secret, each account's is fetched with a token when a delivery must be
   * verified; what needs no secret (the headers, the timestamp) is still checked before any token is
   * leased, so such forgeries fetch nothing and cost the pool nothing.
   */
  @Test
  void withoutTheHostsSecretMissingHeadersAndStaleTimestampsStillCostNothing() {
    try (GenerationClient client = client(dev.pictor.spi.RateLimits.unlimited(), false)) {
      jobInFlight(client);
      api.enqueue(json(200, "{\"key\":\"" + SECRET + "\"}")); // what a secret fetch would get
      long requests = pool.stats().get(0).requests();
      String body = prediction("p_live", "succeeded", "null");
      ForgedDeliveries.Delivery valid = new ForgedDeliveries(9, SECRET, clock.now(), ReplicateWebhooks.DEFAULT_TOLERANCE)
          .valid(body, 1).get(0);
      ForgedDeliveries.Delivery stale = new ForgedDeliveries(9, SECRET, clock.now().minus(Duration.ofMinutes(6)),
          ReplicateWebhooks.DEFAULT_TOLERANCE).valid(body, 1).get(0);
      for (String header : new String[] {"webhook-id", "webhook-timestamp", "webhook-signature"}) {
        java.util.Map<String, java.util.List<String>> headers = new java.util.HashMap<>(valid.headers());
        headers.remove(header);
        assertThatThrownBy(() -> client.webhooks().handle("replicate", headers, valid.body())).as(header)
            .isInstanceOfSatisfying(WebhookRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(WebhookRejectedException.Reason.MISSING_HEADER));
      }
      assertThatThrownBy(() -> handle(client, stale)).isInstanceOfSatisfying(WebhookRejectedException.class,
          e -> assertThat(e.reason()).isEqualTo(WebhookRejectedException.Reason.STALE));
      assertThat(api.getRequestCount()).as("the create; no secret fetched").isEqualTo(1);
      assertThat(pool.stats().get(0).requests()).isEqualTo(requests);
      assertThat(pool.stats().get(0).errors()).isZero();
    }
  }
}
