package dev.pictor.replicate;

import static dev.pictor.replicate.Wire.json;
import static dev.pictor.replicate.Wire.prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationListener;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.Job;
import dev.pictor.JobStatus;
import dev.pictor.OutputSink;
import dev.pictor.TokenPool;
import dev.pictor.WebhookRejectedException;
import dev.pictor.Webhooks;
import dev.pictor.replicate.internal.Signatures;
import dev.pictor.spi.ProviderJob;
import dev.pictor.spi.WebhookDelivery;
import dev.pictor.testkit.ManualClock;
import dev.pictor.testkit.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deliveries verified by the provider (with the host's secret or the account's fetched one) and applied to
 * jobs. The client test runs on the real clock: the backstop poll is 30 s away, so only the webhook can end the job.
 */
class WebhookDeliveryTest {
  static final String SECRET = ReplicateWebhooksTest.SECRET;
  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  @StartStop final MockWebServer api = new MockWebServer();
  @StartStop final MockWebServer cdn = new MockWebServer();
  @TempDir Path dir;
  final ManualClock clock = new ManualClock(NOW);

  static Map<String, List<String>> signed(String body, String secret, Instant at) {
    String id = "msg_" + body.hashCode();
    String sig = Signatures.sign(secret, id, at.getEpochSecond(), body.getBytes(StandardCharsets.UTF_8));
    return Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(Long.toString(at.getEpochSecond())),
        "webhook-signature", List.of(sig));
  }

  private ReplicateProvider.Builder builder() {
    return ReplicateProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v1").toString());
  }

  @Test
  void withoutAHostSecretTheAccountsSecretIsFetchedOnceAndTheDeliveryRead() throws Exception {
    ReplicateProvider p = builder().build();
    api.enqueue(json(200, "{\"key\":\"" + SECRET + "\"}"));
    String body = prediction("p1", "succeeded", "[\"https://replicate.delivery/a.png\"]");
    WebhookDelivery d = WebhookDelivery.of(null, signed(body, SECRET, NOW), body.getBytes(StandardCharsets.UTF_8));

    Optional<ProviderJob> job = p.acceptWebhook(TestCall.of(clock), d).get();
    p.acceptWebhook(TestCall.of(clock), d).get();

    assertThat(job.orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(job.get().outputs().get(0).urlValue()).contains("https://replicate.delivery/a.png");
    RecordedRequest fetch = api.takeRequest();
    assertThat(fetch.getMethod()).isEqualTo("GET");
    assertThat(fetch.getUrl().encodedPath()).isEqualTo("/v1/webhooks/default/secret");
    assertThat(fetch.getHeaders().get("Authorization")).isEqualTo("Bearer " + TestCall.TOKEN);
    assertThat(api.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aHostSecretIsUsedAsIsAndABadDeliveryRejected() throws Exception {
    ReplicateProvider p = builder().webhookSecret(SECRET).build();
    String body = prediction("p2", "processing", "null");
    WebhookDelivery tampered = WebhookDelivery.of(null, signed(body, SECRET, NOW),
        body.replace("processing", "succeeded").getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> p.acceptWebhook(TestCall.of(clock), tampered).get()).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(WebhookRejectedException.class).hasMessageContaining("does not match the body");
    String training = "{\"id\":\"t1\",\"status\":\"succeeded\",\"output\":{\"version\":\"a/b:c\",\"weights\":\"https://w\"}}";
    WebhookDelivery trainingDelivery = WebhookDelivery.of(null, signed(training, SECRET, NOW), training.getBytes(StandardCharsets.UTF_8));
    assertThat(p.acceptWebhook(TestCall.of(clock), trainingDelivery).get()).isEmpty();
    assertThat(api.getRequestCount()).isZero();
  }

  @Test
  void aDeliveryMovesTheJobOnIdempotentlyWhileTheBackstopPollWaits() throws Exception {
    ReplicateProvider p = builder().webhook("https://example.com/hooks/replicate", Set.of("completed")).webhookSecret(SECRET).build();
    api.enqueue(json(202, prediction("p3", "starting", "null")));
    cdn.enqueue(Wire.image(TestImages.png(9, 8, 8)));
    CountDownLatch submitted = new CountDownLatch(1);
    Instant now = Instant.now();
    try (GenerationClient client = GenerationClient.builder().provider(p).outputs(OutputSink.files(dir))
        .listener(new GenerationListener() {
          @Override
          public void onSubmitted(Job job) {
            submitted.countDown();
          }
        }).build()) {
      CompletableFuture<GenerationResult> result = client.generateAsync(GenerationRequest.create("flux-schnell").prompt("a fox").build());
      assertThat(submitted.await(5, TimeUnit.SECONDS)).isTrue();

      String done = prediction("p3", "succeeded", "[\"" + cdn.url("/p3.png") + "\"]");
      byte[] bytes = done.getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> client.webhooks().handle("replicate", signed(done, SECRET, now.minus(Duration.ofMinutes(10))), bytes))
          .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("possible replay");
      assertThat(client.webhooks().handle("replicate", signed(done, SECRET, now), bytes)).isEqualTo(Webhooks.Outcome.UPDATED);
      GenerationResult r = result.get(5, TimeUnit.SECONDS);
      assertThat(r.job().status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(client.webhooks().handle("replicate", signed(done, SECRET, now), bytes)).isEqualTo(Webhooks.Outcome.UNCHANGED);
      String other = prediction("unknown", "succeeded", "null");
      assertThat(client.webhooks().handle("replicate", signed(other, SECRET, now), other.getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(Webhooks.Outcome.UNKNOWN_JOB);
    }
    assertThat(api.getRequestCount()).isEqualTo(1); // the create only: no poll was needed
    assertThat(cdn.takeRequest().getHeaders().get("Authorization")).isNull();
  }
}
