package dev.pictor.runpod;

import static dev.pictor.runpod.Wire.KONTEXT;
import static dev.pictor.runpod.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationListener;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.GenerationTimeoutException;
import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import dev.pictor.Job;
import dev.pictor.JobCanceledException;
import dev.pictor.JobStatus;
import dev.pictor.OutputSink;
import dev.pictor.RetryPolicy;
import dev.pictor.TokenPool;
import dev.pictor.UnknownOutcomeException;
import dev.pictor.testkit.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole jobs through the client: sync wait then /status polls, downloads and cost, RunPod's endings, 429s and refusals. */
class ClientFlowTest {
  @StartStop final MockWebServer api = new MockWebServer();
  @StartStop final MockWebServer cdn = new MockWebServer();
  @TempDir Path dir;

  private GenerationClient client() {
    return client(RunPodProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v2").toString()).build());
  }

  private GenerationClient client(RunPodProvider p) {
    return GenerationClient.builder().provider(p).polling(Duration.ofMillis(1), Duration.ofMillis(5))
        .retryPolicy(RetryPolicy.builder().backoff(Duration.ofMillis(1), Duration.ofMillis(5)).maxRetryAfter(Duration.ofMillis(20)).build())
        .outputs(OutputSink.files(dir)).build();
  }

  private static GenerationRequest edit() {
    return GenerationRequest.edit("flux-kontext-dev").prompt("clean studio shot").image(ImageInput.ofUrl("https://e.com/shoe.jpg"))
        .size(1024, 1024).build();
  }

  @Test
  void anUnfinishedSyncAnswerIsPolledOnStatusAndItsImageDownloadedWithoutTheKey() throws Exception {
    api.enqueue(json(200, Wire.job("sync-1", "IN_PROGRESS", null)));
    api.enqueue(json(200, Wire.job("sync-1", "IN_PROGRESS", null)));
    api.enqueue(json(200, Wire.job("sync-1", "COMPLETED", Wire.kontextOutput(cdn.url("/o/1.png").toString(), "0.031457"))));
    cdn.enqueue(Wire.image(TestImages.png(1, 8, 8)));
    try (GenerationClient client = client()) {
      GenerationResult r = client.generateAsync(edit()).get(10, TimeUnit.SECONDS);
      assertThat(r.images()).hasSize(1);
      assertThat(r.job().providerJobId()).contains(KONTEXT + "/sync-1");
      assertThat(r.job().actualCost().orElseThrow().amount()).isEqualByComparingTo("0.031457");
      assertThat(r.job().queueDuration()).contains(Duration.ofMillis(1200));
      assertThat(r.job().processingDuration()).contains(Duration.ofMillis(3450));
    }
    assertThat(api.takeRequest().getUrl().encodedPath()).isEqualTo("/v2/" + KONTEXT + "/runsync");
    for (int i = 0; i < 2; i++) assertThat(api.takeRequest().getUrl().encodedPath()).isEqualTo("/v2/" + KONTEXT + "/status/sync-1");
    assertThat(cdn.takeRequest().getHeaders().get("Authorization")).isNull();
  }

  @Test
  void timedOutCancelledAndGoneJobsEndAsTheCoreSaysWithRunPodsReason() {
    api.enqueue(json(200, Wire.job("sync-2", "TIMED_OUT", null)));
    api.enqueue(json(200, Wire.job("sync-3", "IN_QUEUE", null)));
    api.enqueue(json(200, Wire.job("sync-3", "CANCELLED", null)));
    api.enqueue(json(200, Wire.job("sync-4", "IN_QUEUE", null)));
    api.enqueue(json(404, "{\"error\":\"request does not exist\"}"));
    try (GenerationClient client = client()) {
      assertThatThrownBy(() -> client.generate(edit())).isInstanceOf(GenerationTimeoutException.class)
          .hasMessageContaining("ended expired: the job timed out at RunPod (TIMED_OUT)");
      assertThatThrownBy(() -> client.generate(edit())).isInstanceOf(JobCanceledException.class)
          .hasMessageContaining("the job was cancelled at RunPod");
      assertThatThrownBy(() -> client.generate(edit())).isInstanceOf(GenerationTimeoutException.class)
          .hasMessageContaining("job sync-4 no longer exists on endpoint " + KONTEXT + " (404 on /status)");
    }
  }

  @Test
  void a429IsRetriedOnTheSameJobAndNothingIsSubmittedTwice() throws Exception {
    api.enqueue(json(429, "{\"error\":\"too many requests\"}"));
    api.enqueue(json(200, Wire.job("sync-5", "COMPLETED", Wire.kontextOutput(cdn.url("/o/5.png").toString(), "0.03"))));
    cdn.enqueue(Wire.image(TestImages.png(5, 8, 8)));
    try (GenerationClient client = client()) {
      GenerationResult r = client.generateAsync(edit()).get(10, TimeUnit.SECONDS);
      assertThat(r.job().status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(r.job().attempts()).isEqualTo(2);
    }
    assertThat(api.getRequestCount()).isEqualTo(2);
  }

  @Test
  void anAmbiguousSubmitCannotBeReconciledSoTheJobStaysUnknownAndIsNotResent() {
    api.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    try (GenerationClient client = client()) {
      assertThatThrownBy(() -> client.generate(edit())).isInstanceOf(UnknownOutcomeException.class)
          .hasMessageContaining("runpod cannot tell whether it received the submit");
    }
    assertThat(api.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aLocalImageWithoutAnUploaderAndAPresetViolationAreRefusedBeforeAnyCall() {
    try (GenerationClient client = client()) {
      assertThatThrownBy(() -> client.generate(GenerationRequest.edit("flux-kontext-dev").prompt("p")
          .image(ImageInput.of(TestImages.png(1, 8, 8), "shoe.png")).build()))
          .isInstanceOf(InvalidRequestException.class).hasMessageContaining("configure RunPodProvider.builder().inputUploader(...)");
      assertThatThrownBy(() -> client.generate(ProductPhotoPreset.DEFAULTS.edit(ImageInput.ofUrl("https://e.com/a.png"), "p")
          .steps(50).build()))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("steps = 50 is not allowed for model flux-kontext-dev-product: expected an integer from 20 to 40");
      assertThatThrownBy(() -> client.validate(ProductPhotoPreset.DEFAULTS.edit(ImageInput.ofUrl("https://e.com/a.png"), "p")
          .size(1024, 1000).build()))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("height = 1000 is not allowed for model flux-kontext-dev-product: expected one of [1024, 1536, 2048]");
    }
    assertThat(api.getRequestCount()).isZero();
  }

  @Test
  void thePresetsRequestCarriesItsSettingsAndADeadlineBecomesThePolicy() throws Exception {
    api.enqueue(json(200, Wire.job("sync-6", "COMPLETED", Wire.kontextOutput(cdn.url("/o/6.png").toString(), "0.07"))));
    cdn.enqueue(Wire.image(TestImages.png(6, 8, 8)));
    try (GenerationClient client = client()) {
      client.generateAsync(new ProductPhotoPreset(32, 4.5, 1536).edit(ImageInput.ofUrl("https://e.com/a.png"), "white background")
          .timeout(Duration.ofMinutes(10)).build()).get(10, TimeUnit.SECONDS);
    }
    RecordedRequest r = api.takeRequest();
    assertThat(Wire.input(r)).isEqualTo(Wire.parse("{\"prompt\":\"white background\",\"image\":\"https://e.com/a.png\","
        + "\"size\":\"1536*1536\",\"num_inference_steps\":32,\"guidance\":4.5}"));
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> policy = (java.util.Map<String, Object>) Wire.body(r).get("policy");
    assertThat(((Number) policy.get("ttl")).longValue()).isBetween(590_000L, 600_000L);
    assertThat(policy.get("executionTimeout")).isEqualTo(policy.get("ttl"));
  }

  @Test
  void cancellingAJobCancelsItAtRunPod() throws Exception {
    api.enqueue(json(200, Wire.job("sync-7", "IN_PROGRESS", null)));
    api.enqueue(json(200, "{\"id\":\"sync-7\",\"status\":\"CANCELLED\"}"));
    CountDownLatch started = new CountDownLatch(1);
    RunPodProvider p = RunPodProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v2").toString()).build();
    try (GenerationClient client = GenerationClient.builder().provider(p).polling(Duration.ofHours(1), Duration.ofHours(1))
        .outputs(OutputSink.files(dir)).listener(new GenerationListener() {
          @Override
          public void onStarted(Job job) {
            started.countDown();
          }
        }).build()) {
      Job job = client.submit(edit());
      assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(client.cancelAsync(job.id()).get(10, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.CANCELED);
    }
    api.takeRequest();
    RecordedRequest cancel = api.takeRequest();
    assertThat(cancel.getMethod()).isEqualTo("POST");
    assertThat(cancel.getUrl().encodedPath()).isEqualTo("/v2/" + KONTEXT + "/cancel/sync-7");
  }
}
