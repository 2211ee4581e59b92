package dev.pictor.runpod;

import static dev.pictor.runpod.Wire.KONTEXT;
import static dev.pictor.runpod.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import dev.pictor.Job;
import dev.pictor.JobFailedException;
import dev.pictor.JobStatus;
import dev.pictor.OutputSink;
import dev.pictor.TokenPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /health, /purge-queue, /retry and /status outside jobs, through the client's providerCall. */
class EndpointsTest {
  @StartStop final MockWebServer api = new MockWebServer();
  @TempDir Path dir;

  private RunPodProvider provider;

  private GenerationClient client() {
    provider = RunPodProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v2").toString()).build();
    return GenerationClient.builder().provider(provider).polling(Duration.ofMillis(1), Duration.ofMillis(5))
        .outputs(OutputSink.files(dir)).build();
  }

  @Test
  void healthReadsQueueAndWorkerCounts() throws Exception {
    api.enqueue(json(200, "{\"jobs\":{\"completed\":120,\"failed\":3,\"inProgress\":2,\"inQueue\":17,\"retried\":1},"
        + "\"workers\":{\"idle\":0,\"initializing\":1,\"ready\":2,\"running\":2,\"throttled\":4}}"));
    api.enqueue(json(200, "{\"removed\":17,\"status\":\"completed\"}"));
    try (GenerationClient client = client()) {
      RunPodEndpoints endpoints = RunPodEndpoints.of(client, provider);
      EndpointHealth h = endpoints.health("flux-kontext-dev").get(5, TimeUnit.SECONDS);
      assertThat(h).isEqualTo(new EndpointHealth(KONTEXT, new EndpointHealth.JobCounts(120, 3, 2, 17, 1),
          new EndpointHealth.WorkerCounts(0, 1, 2, 2, 4)));
      assertThat(endpoints.purgeQueue(KONTEXT).get(5, TimeUnit.SECONDS)).isEqualTo(17);
      assertThatThrownBy(() -> endpoints.health("no/such")).isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("names no RunPod endpoint");
    }
    RecordedRequest health = api.takeRequest();
    assertThat(health.getMethod()).isEqualTo("GET");
    assertThat(health.getUrl().encodedPath()).isEqualTo("/v2/" + KONTEXT + "/health");
    assertThat(health.getHeaders().get("Authorization")).isEqualTo("Bearer " + TestCall.TOKEN);
    RecordedRequest purge = api.takeRequest();
    assertThat(purge.getMethod()).isEqualTo("POST");
    assertThat(purge.getUrl().encodedPath()).isEqualTo("/v2/" + KONTEXT + "/purge-queue");
  }

  @Test
  void aFailedJobIsRetriedByItsPictorIdAndFollowedWithStatus() throws Exception {
    api.enqueue(json(200, Wire.job("sync-r1", "FAILED", null).replace("}", ",\"error\":\"worker crashed\"}")));
    try (GenerationClient client = client()) {
      assertThatThrownBy(() -> client.generate(GenerationRequest.edit("flux-kontext-dev").prompt("p")
          .image(ImageInput.ofUrl("https://e.com/a.png")).build())).isInstanceOf(JobFailedException.class);
      Job failed = client.jobs(dev.pictor.JobQuery.all()).get(0);
      assertThat(failed.status()).isEqualTo(JobStatus.FAILED);

      api.enqueue(json(200, "{\"id\":\"sync-r1\",\"status\":\"IN_QUEUE\"}"));
      api.enqueue(json(200, Wire.job("sync-r1", "COMPLETED", Wire.kontextOutput("https://image.runpod.ai/r1.png", "0.03"))));
      RunPodEndpoints endpoints = RunPodEndpoints.of(client, provider);
      RunPodJob retried = endpoints.retry(failed.id()).get(5, TimeUnit.SECONDS);
      assertThat(retried.runpodStatus()).isEqualTo("IN_QUEUE");
      assertThat(retried.status()).isEqualTo(JobStatus.SUBMITTED);
      assertThat(retried.endpointId()).isEqualTo(KONTEXT);
      RunPodJob done = endpoints.status(failed.id()).get(5, TimeUnit.SECONDS);
      assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(done.imageUrls()).containsExactly("https://image.runpod.ai/r1.png");
      assertThat(done.cost().orElseThrow().amount()).isEqualByComparingTo("0.03");

      api.enqueue(json(404, "{\"error\":\"not found\"}"));
      assertThatThrownBy(() -> endpoints.retry(failed.id()).get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(InvalidRequestException.class).hasMessageContaining("/retry for job " + failed.id()
              + ": job sync-r1 no longer exists");
      assertThatThrownBy(() -> endpoints.retry("nope")).isInstanceOf(InvalidRequestException.class)
          .hasMessage("no job nope in the client's store");
    }
    api.takeRequest();
    RecordedRequest retry = api.takeRequest();
    assertThat(retry.getMethod()).isEqualTo("POST");
    assertThat(retry.getUrl().encodedPath()).isEqualTo("/v2/" + KONTEXT + "/retry/sync-r1");
    assertThat(api.takeRequest().getUrl().encodedPath()).isEqualTo("/v2/" + KONTEXT + "/status/sync-r1");
  }

  @Test
  void onlyFailedOrExpiredJobsCanBeRetried() throws Exception {
    api.enqueue(json(200, Wire.job("sync-s", "COMPLETED", Wire.kontextOutput(api.url("/img.png").toString(), "0.03"))));
    api.enqueue(Wire.image(dev.pictor.testkit.TestImages.png(1, 8, 8)));
    try (GenerationClient client = client()) {
      Job ok = client.generate(GenerationRequest.edit("flux-kontext-dev").prompt("p").image(ImageInput.ofUrl("https://e.com/a.png"))
          .build()).job();
      assertThatThrownBy(() -> RunPodEndpoints.of(client, provider).retry(ok.id())).isInstanceOf(InvalidRequestException.class)
          .hasMessage("job " + ok.id() + " ended succeeded; RunPod retries only jobs that failed or timed out");
    }
  }
}
