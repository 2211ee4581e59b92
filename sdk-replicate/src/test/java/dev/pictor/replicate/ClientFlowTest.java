package dev.pictor.replicate;

import static dev.pictor.replicate.Wire.json;
import static dev.pictor.replicate.Wire.prediction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationListener;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.Job;
import dev.pictor.JobStatus;
import dev.pictor.OutputSink;
import dev.pictor.TokenPool;
import dev.pictor.testkit.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole jobs through the client: sync wait then polls, downloads, cancel, and reconciliation after an ambiguous create. */
class ClientFlowTest {
  @StartStop final MockWebServer api = new MockWebServer();
  @StartStop final MockWebServer cdn = new MockWebServer();
  @TempDir Path dir;

  private GenerationClient client() {
    ReplicateProvider p = ReplicateProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v1").toString()).build();
    return GenerationClient.builder().provider(p).polling(Duration.ofMillis(1), Duration.ofMillis(5))
        .outputs(OutputSink.files(dir)).build();
  }

  @Test
  void anUnfinishedSyncAnswerIsPolledToItsEndAndEveryOutputDownloadedWithoutTheToken() throws Exception {
    api.enqueue(json(202, prediction("p1", "starting", "null")));
    api.enqueue(json(200, prediction("p1", "processing", "null")));
    api.enqueue(json(200, prediction("p1", "succeeded", "[\"" + cdn.url("/o/0.png") + "\",\"" + cdn.url("/o/1.png") + "\"]")));
    cdn.enqueue(Wire.image(TestImages.png(1, 8, 8)));
    cdn.enqueue(Wire.image(TestImages.png(2, 8, 8)));
    try (GenerationClient client = client()) {
      GenerationResult r = client.generateAsync(GenerationRequest.create("flux-schnell").prompt("a fox").numOutputs(2).build())
          .get(10, TimeUnit.SECONDS);
      assertThat(r.images()).hasSize(2);
      assertThat(r.job().providerJobId()).contains("p1");
    }
    assertThat(api.takeRequest().getHeaders().get("Prefer")).isEqualTo("wait=60");
    for (int i = 0; i < 2; i++) {
      RecordedRequest poll = api.takeRequest();
      assertThat(poll.getMethod()).isEqualTo("GET");
      assertThat(poll.getUrl().encodedPath()).isEqualTo("/v1/predictions/p1");
    }
    for (int i = 0; i < 2; i++) assertThat(cdn.takeRequest().getHeaders().get("Authorization")).isNull();
  }

  @Test
  void aDataUriOutputIsDecodedIntoTheSink() throws Exception {
    byte[] png = TestImages.png(7, 8, 8);
    api.enqueue(json(201, prediction("p2", "succeeded", "\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\"")));
    try (GenerationClient client = client()) {
      GenerationResult r = client.generateAsync(GenerationRequest.create("flux-schnell").prompt("a fox").build()).get(10, TimeUnit.SECONDS);
      assertThat(r.images()).hasSize(1);
      assertThat(r.images().get(0).contentType()).isEqualTo("image/png");
      Path saved = dir.resolve("copy.png");
      r.images().get(0).saveTo(saved);
      assertThat(Files.readAllBytes(saved)).isEqualTo(png);
    }
  }

  @Test
  void cancellingAJobCancelsThePredictionAtReplicate() throws Exception {
    api.enqueue(json(201, prediction("p3", "processing", "null")));
    api.enqueue(json(200, prediction("p3", "canceled", "null")));
    CountDownLatch started = new CountDownLatch(1);
    try (GenerationClient client = GenerationClient.builder()
        .provider(ReplicateProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v1").toString()).build())
        .polling(Duration.ofHours(1), Duration.ofHours(1)).outputs(OutputSink.files(dir)).listener(new GenerationListener() {
          @Override
          public void onStarted(Job job) {
            started.countDown();
          }
        }).build()) {
      Job job = client.submit(GenerationRequest.create("flux-schnell").prompt("a fox").build());
      assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(api.takeRequest().getUrl().encodedPath()).endsWith("/predictions");
      Job ended = client.cancelAsync(job.id()).get(10, TimeUnit.SECONDS);
      assertThat(ended.status()).isEqualTo(JobStatus.CANCELED);
    }
    RecordedRequest cancel = api.takeRequest();
    assertThat(cancel.getMethod()).isEqualTo("POST");
    assertThat(cancel.getUrl().encodedPath()).isEqualTo("/v1/predictions/p3/cancel");
  }

  @Test
  void anAmbiguousCreateIsReconciledAndTheFoundPredictionAdoptedNeverSentTwice() throws Exception {
    api.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    api.enqueue(json(200, "{\"next\":null,\"results\":[{\"id\":\"p4\",\"model\":\"black-forest-labs/flux-schnell\","
        + "\"status\":\"succeeded\",\"created_at\":\"2099-01-01T00:00:00Z\",\"input\":{\"prompt\":\"a fox\",\"seed\":3},"
        + "\"output\":[\"" + cdn.url("/p4.webp") + "\"]}]}"));
    cdn.enqueue(Wire.image(TestImages.png(4, 8, 8)));
    try (GenerationClient client = client()) {
      GenerationResult r = client.generateAsync(GenerationRequest.create("flux-schnell").prompt("a fox").seed(3).build())
          .get(10, TimeUnit.SECONDS);
      assertThat(r.job().providerJobId()).contains("p4");
      assertThat(r.job().status()).isEqualTo(JobStatus.SUCCEEDED);
    }
    assertThat(api.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/models/black-forest-labs/flux-schnell/predictions");
    RecordedRequest list = api.takeRequest();
    assertThat(list.getUrl().encodedPath()).isEqualTo("/v1/predictions");
    assertThat(list.getUrl().queryParameter("created_after")).isNotNull();
    assertThat(api.getRequestCount()).isEqualTo(2);
  }
}
