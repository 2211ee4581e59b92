package dev.pictor.runpod;

import static dev.pictor.runpod.Wire.KONTEXT;
import static dev.pictor.runpod.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationListener;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.ImageInput;
import dev.pictor.Job;
import dev.pictor.JobStatus;
import dev.pictor.OutputSink;
import dev.pictor.TokenPool;
import dev.pictor.WebhookRejectedException;
import dev.pictor.Webhooks;
import dev.pictor.spi.ProviderJob;
import dev.pictor.spi.ProviderRequest;
import dev.pictor.spi.WebhookDelivery;
import dev.pictor.testkit.ManualClock;
import dev.pictor.testkit.TestImages;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
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
 * RunPod's unsigned webhooks: a delivery counts only with its job's token in the URL, and its state is
 * read again from /status. The client test runs on the real clock: the backstop poll is 30 s away.
 */
class WebhookDeliveryTest {
  static final String HOOK = "https://shop.example.com/hooks/runpod";
  static final String SECRET = "a-webhook-secret-shared-by-every-instance-0123456789";

  @StartStop final MockWebServer api = new MockWebServer();
  @StartStop final MockWebServer cdn = new MockWebServer();
  @TempDir Path dir;
  final ManualClock clock = new ManualClock();

  private RunPodProvider.Builder builder() {
    return RunPodProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v2").toString()).webhook(HOOK);
  }

  /** Submits job {@code jobId} and answers the webhook URL RunPod was given for it. */
  private URI submitted(RunPodProvider p, String jobId) throws Exception {
    api.enqueue(json(200, Wire.job("sync-w1", "IN_QUEUE", null)));
    GenerationRequest r = GenerationRequest.edit("flux-kontext-dev").prompt("p").image(ImageInput.ofUrl("https://e.com/a.png")).build();
    p.submit(TestCall.of(clock), new ProviderRequest(jobId, r, RunPodModels.FLUX_KONTEXT_DEV, Map.of(), null)).get();
    return URI.create((String) Wire.body(api.takeRequest()).get("webhook"));
  }

  private static WebhookDelivery delivery(URI uri, String body) {
    return WebhookDelivery.of(uri, Map.of(), body.getBytes(StandardCharsets.UTF_8));
  }

  private static Throwable rejected(RunPodProvider p, ManualClock clock, WebhookDelivery d) {
    try {
      p.acceptWebhook(TestCall.of(clock), d).get();
      throw new AssertionError("expected a rejection");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aDeliveryWithTheRightTokenIsConfirmedWithStatusBeforeItIsTrusted() throws Exception {
    RunPodProvider p = builder().build();
    URI uri = submitted(p, "job-1");
    api.enqueue(json(200, Wire.job("sync-w1", "IN_PROGRESS", null)));
    // The body claims success; /status says the job is still running, and /status wins.
    Optional<ProviderJob> job = p.acceptWebhook(TestCall.of(clock),
        delivery(uri, Wire.job("sync-w1", "COMPLETED", Wire.kontextOutput("https://evil.example.com/x.png", "0")))).get();

    assertThat(job.orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    assertThat(job.get().providerJobId()).isEqualTo(KONTEXT + "/sync-w1");
    RecordedRequest status = api.takeRequest();
    assertThat(status.getMethod()).isEqualTo("GET");
    assertThat(status.getUrl().encodedPath()).isEqualTo("/v2/" + KONTEXT + "/status/sync-w1");
    assertThat(status.getHeaders().get("Authorization")).isEqualTo("Bearer " + TestCall.TOKEN);
  }

  @Test
  void aWrongMissingOrOtherJobsTokenIsRejectedWithoutACall() throws Exception {
    RunPodProvider p = builder().build();
    URI uri = submitted(p, "job-1");
    String body = Wire.job("sync-w1", "COMPLETED", null);
    String forged = uri.toString().replaceAll("pictor_token=[^&]+", "pictor_token=AAAAAAAAAAAAAAAAAAAAAA");
    assertThat(rejected(p, clock, delivery(URI.create(forged), body))).isInstanceOf(WebhookRejectedException.class)
        .hasMessage("runpod: the webhook token for job job-1 does not match; refused");
    String otherJob = uri.toString().replace("pictor_job=job-1", "pictor_job=job-2");
    assertThat(rejected(p, clock, delivery(URI.create(otherJob), body))).isInstanceOf(WebhookRejectedException.class);
    String otherEndpoint = uri.toString().replace("pictor_endpoint=" + KONTEXT, "pictor_endpoint=elsewhere");
    assertThat(rejected(p, clock, delivery(URI.create(otherEndpoint), body))).isInstanceOf(WebhookRejectedException.class);
    assertThat(rejected(p, clock, delivery(URI.create(HOOK), body))).hasMessageContaining("lacks pictor_job");
    assertThat(rejected(p, clock, delivery(null, body))).hasMessageContaining("WebhookDelivery.of(requestUri, headers, body)");
    assertThat(rejected(p, clock, delivery(uri, "not json"))).hasMessageContaining("not a JSON object");
    RunPodProvider restarted = builder().build(); // a new random secret: the old tokens no longer verify
    assertThat(rejected(restarted, clock, delivery(uri, body))).isInstanceOf(WebhookRejectedException.class);
    RunPodProvider without = RunPodProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v2").toString()).build();
    assertThat(rejected(without, clock, delivery(uri, body))).hasMessageContaining("webhooks are not configured");
    assertThat(api.getRequestCount()).isEqualTo(1); // the submit only
  }

  @Test
  void instancesWithTheSameSecretAcceptEachOthersTokensAndARelativeUriWorks() throws Exception {
    URI uri = submitted(builder().webhookSecret(SECRET).build(), "job-9");
    RunPodProvider other = builder().webhookSecret(SECRET).build();
    api.enqueue(json(200, Wire.job("sync-w1", "FAILED", null)));
    URI relative = URI.create(uri.getRawPath() + "?" + uri.getRawQuery());
    Optional<ProviderJob> job = other.acceptWebhook(TestCall.of(clock), delivery(relative, Wire.job("sync-w1", "FAILED", null))).get();
    assertThat(job.orElseThrow().status()).isEqualTo(JobStatus.FAILED);
  }

  @Test
  void throughTheClientADeliveryEndsTheJobOnceAndUnknownJobsAreSaidToBe() throws Exception {
    RunPodProvider p = builder().asyncSubmit(true).build();
    api.enqueue(json(200, "{\"id\":\"a-1\",\"status\":\"IN_QUEUE\"}"));
    cdn.enqueue(Wire.image(TestImages.png(9, 8, 8)));
    CountDownLatch submitted = new CountDownLatch(1);
    try (GenerationClient client = GenerationClient.builder().provider(p).outputs(OutputSink.files(dir))
        .listener(new GenerationListener() {
          @Override
          public void onSubmitted(Job job) {
            submitted.countDown();
          }
        }).build()) {
      CompletableFuture<GenerationResult> result = client.generateAsync(GenerationRequest.edit("flux-kontext-dev").prompt("p")
          .image(ImageInput.ofUrl("https://e.com/a.png")).build());
      assertThat(submitted.await(5, TimeUnit.SECONDS)).isTrue();
      URI uri = URI.create((String) Wire.body(api.takeRequest()).get("webhook"));
      String done = Wire.job("a-1", "COMPLETED", Wire.kontextOutput(cdn.url("/a-1.png").toString(), "0.031457"));
      api.enqueue(json(200, done));
      api.enqueue(json(200, done));

      assertThatThrownBy(() -> client.webhooks().handle("runpod", delivery(URI.create(HOOK + "?pictor_job=x"), done)))
          .isInstanceOf(WebhookRejectedException.class);
      assertThat(client.webhooks().handle("runpod", delivery(uri, done))).isEqualTo(Webhooks.Outcome.UPDATED);
      GenerationResult r = result.get(5, TimeUnit.SECONDS);
      assertThat(r.job().status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(r.job().actualCost().orElseThrow().amount()).isEqualByComparingTo("0.031457");
      assertThat(client.webhooks().handle("runpod", delivery(uri, done))).isEqualTo(Webhooks.Outcome.UNCHANGED);
    }
    assertThat(api.getRequestCount()).isEqualTo(3); // the submit and one /status per accepted delivery; no poll was needed
    assertThat(cdn.takeRequest().getHeaders().get("Authorization")).isNull();
  }
}
