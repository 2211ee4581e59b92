package dev.pictor.runpod;

import static dev.pictor.runpod.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.ImageInput;
import dev.pictor.Job;
import dev.pictor.JobQuery;
import dev.pictor.JobStatus;
import dev.pictor.OutputSink;
import dev.pictor.ProviderException;
import dev.pictor.TokenPool;
import java.nio.file.Path;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RunPod's API is never followed to another address: a submit answered 307 is not sent again to the
 * host it names (the body would go there, and its answer would be trusted), nor is a {@code /status}
 * read answered 302. The call fails on a typed provider error naming the status and the host only,
 * and is not retried.
 */
class ApiRedirectsTest {
  @StartStop final MockWebServer api = new MockWebServer();
  @StartStop final MockWebServer elsewhere = new MockWebServer();
  @TempDir Path dir;

  private GenerationClient client(boolean async) {
    RunPodProvider p = RunPodProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v2").toString())
        .asyncSubmit(async).build();
    return GenerationClient.builder().provider(p).polling(Duration.ofMillis(1), Duration.ofMillis(5))
        .outputs(OutputSink.files(dir)).build();
  }

  private static GenerationRequest edit() {
    return GenerationRequest.edit("flux-kontext-dev").prompt("p").image(ImageInput.ofUrl("https://e.com/shoe.jpg")).build();
  }

  private MockResponse redirect(int code, String path) {
    return new MockResponse.Builder().code(code).addHeader("Location", elsewhere.url(path + "?key=abc")).build();
  }

  /** The typed error a redirect is: its status, the host it named and nothing else of that address; never retried. */
  private void isRedirectRefusal(Throwable e, int status) {
    assertThat(e).isInstanceOf(ProviderException.class)
        .hasMessageContaining("runpod answered " + status + ", a redirect to host " + elsewhere.url("/").host())
        .hasMessageNotContaining("key=abc").hasMessageNotContaining("/v2/");
    ProviderException p = (ProviderException) e;
    assertThat(p.statusCode()).isEqualTo(status);
    assertThat(p.retryable()).isFalse();
  }

  @Test
  void aSubmitRedirectedToAnotherHostIsNotSentThereAndTheJobFails() {
    api.enqueue(redirect(307, "/v2/" + Wire.KONTEXT + "/runsync"));
    elsewhere.enqueue(json(200, Wire.job("sync-x", "COMPLETED", null)));
    try (GenerationClient client = client(false)) {
      assertThatThrownBy(() -> client.generate(edit())).satisfies(e -> isRedirectRefusal(e, 307));
      Job job = client.jobs(JobQuery.all()).get(0);
      assertThat(job.status()).isEqualTo(JobStatus.FAILED);
      assertThat(job.error().orElseThrow().code()).isEqualTo("307");
    }
    assertThat(api.getRequestCount()).as("not retried").isEqualTo(1);
    assertThat(elsewhere.getRequestCount()).isZero();
  }

  /** A poll answered 302 is a failed poll round, never retried within it; after the core's three rounds it stops following. */
  @Test
  void aStatusReadRedirectedToAnotherHostIsNotFollowed() throws Exception {
    api.enqueue(json(200, "{\"id\":\"a-1\",\"status\":\"IN_QUEUE\"}"));
    for (int i = 0; i < 3; i++) api.enqueue(redirect(302, "/v2/" + Wire.KONTEXT + "/status/a-1"));
    elsewhere.enqueue(json(200, Wire.job("a-1", "COMPLETED", null)));
    try (GenerationClient client = client(true)) {
      assertThatThrownBy(() -> client.generate(edit())).isInstanceOf(ProviderException.class)
          .hasMessageContaining("cannot be followed").satisfies(e -> isRedirectRefusal(e.getCause(), 302));
    }
    api.takeRequest();
    for (int i = 0; i < 3; i++) assertThat(api.takeRequest().getUrl().encodedPath()).isEqualTo("/v2/" + Wire.KONTEXT + "/status/a-1");
    assertThat(api.getRequestCount()).as("one read a round").isEqualTo(4);
    assertThat(elsewhere.getRequestCount()).isZero();
  }
}
