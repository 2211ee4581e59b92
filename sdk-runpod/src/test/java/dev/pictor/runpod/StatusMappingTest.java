package dev.pictor.runpod;

import static dev.pictor.runpod.Wire.KONTEXT;
import static dev.pictor.runpod.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.JobStatus;
import dev.pictor.TokenPool;
import dev.pictor.spi.ProviderJob;
import dev.pictor.testkit.ManualClock;
import dev.pictor.testkit.TestImages;
import java.io.InputStream;
import java.util.Base64;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RunPod's statuses onto the core's, with the error each terminal one carries, and the outputs RunPod can return. */
class StatusMappingTest {
  @StartStop final MockWebServer api = new MockWebServer();
  final ManualClock clock = new ManualClock();

  private ProviderJob poll(String body) throws Exception {
    api.enqueue(json(200, body));
    RunPodProvider p = RunPodProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v2").toString()).build();
    return p.poll(TestCall.of(clock), KONTEXT + "/j-1").get();
  }

  @ParameterizedTest
  @CsvSource({
      "IN_QUEUE, SUBMITTED, ",
      "IN_PROGRESS, RUNNING, ",
      "RUNNING, RUNNING, ",
      "SOMETHING_NEW, RUNNING, ",
      "FAILED, FAILED, the job failed at RunPod: CUDA out of memory",
      "CANCELLED, CANCELED, the job was cancelled at RunPod",
      "TIMED_OUT, EXPIRED, 'the job timed out at RunPod (TIMED_OUT): it expired before a worker picked it up, or its worker stopped"
          + " reporting before policy.executionTimeout'"})
  void everyStatusMapsOntoTheCoresWithItsDurations(String runpod, JobStatus expected, String error) throws Exception {
    ProviderJob job = poll("{\"id\":\"j-1\",\"status\":\"" + runpod + "\",\"delayTime\":2000,\"executionTime\":500"
        + (runpod.equals("FAILED") ? ",\"error\":\"CUDA out of memory\"" : "") + "}");
    assertThat(job.status()).isEqualTo(expected);
    assertThat(job.providerJobId()).isEqualTo(KONTEXT + "/j-1");
    assertThat(job.queueDuration()).contains(java.time.Duration.ofSeconds(2));
    assertThat(job.processingDuration()).contains(java.time.Duration.ofMillis(500));
    assertThat(job.errorMessage().orElse(null)).isEqualTo(error);
    assertThat(job.outputs()).isEmpty();
  }

  @Test
  void completedCarriesTheImageUrlAndTheActualCost() throws Exception {
    ProviderJob job = poll(Wire.job("j-1", "COMPLETED", Wire.kontextOutput("https://image.runpod.ai/x/out.png", "0.031457")));
    assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(job.outputs()).hasSize(1);
    assertThat(job.outputs().get(0).urlValue()).contains("https://image.runpod.ai/x/out.png");
    assertThat(job.cost().orElseThrow().amount()).isEqualByComparingTo("0.031457");
    assertThat(job.cost().get().currency()).isEqualTo("USD");
  }

  @Test
  void aWorkersBase64OrDataUriImagesAreDecodedAsTheyAreRead() throws Exception {
    byte[] png = TestImages.png(5, 8, 8);
    String b64 = Base64.getEncoder().encodeToString(png);
    ProviderJob job = poll(Wire.job("j-1", "COMPLETED", "{\"images\":[{\"filename\":\"a.png\",\"type\":\"base64\",\"data\":\""
        + b64 + "\"},\"data:image/png;base64," + b64 + "\"]}"));
    assertThat(job.outputs()).hasSize(2);
    for (var o : job.outputs()) {
      try (InputStream in = o.opener().orElseThrow().open()) {
        assertThat(in.readAllBytes()).isEqualTo(png);
      }
    }
  }

  @Test
  void completedWithoutAnImageFailsSayingSo() throws Exception {
    ProviderJob job = poll(Wire.job("j-1", "COMPLETED", "{\"cost\":0.01}"));
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.errorMessage().orElseThrow()).startsWith("the job completed at RunPod without an image in its output");
    assertThat(job.cost().orElseThrow().amount()).isEqualByComparingTo("0.01");
  }

  @Test
  void a404OnStatusEndsTheJobExpiredSayingWhy() throws Exception {
    RunPodProvider p = RunPodProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v2").toString()).build();
    api.enqueue(json(404, "{\"error\":\"request does not exist\"}"));
    api.enqueue(json(404, ""));
    ProviderJob sync = p.poll(TestCall.of(clock), KONTEXT + "/sync-9f-e1").get();
    ProviderJob async = p.poll(TestCall.of(clock), KONTEXT + "/9f-u1").get();

    assertThat(sync.status()).isEqualTo(JobStatus.EXPIRED);
    assertThat(sync.errorCode()).contains("not_found");
    assertThat(sync.errorMessage()).contains("job sync-9f-e1 no longer exists on endpoint " + KONTEXT + " (404 on /status):"
        + " RunPod keeps a /runsync job's result for 1 minute after it ends (a /run job's for 30 minutes), and a job whose"
        + " policy.ttl passed is deleted even while it runs");
    assertThat(async.errorMessage().orElseThrow()).contains("RunPod keeps a /run job's result for 30 minutes after it ends");
  }
}
