package dev.pictor.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.Job;
import dev.pictor.JobQuery;
import dev.pictor.JobStatus;
import dev.pictor.OutputSink;
import dev.pictor.ProviderException;
import dev.pictor.TokenPool;
import dev.pictor.testkit.TestImages;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenAI's API is never followed to another address: a request answered 307 is not sent again, prompt
 * and images, to the host it names, whose answer would be trusted. The job fails on a typed provider
 * error naming the status and the host only, and the request is not retried.
 */
class ApiRedirectsTest {
  @StartStop final MockWebServer api = new MockWebServer();
  @StartStop final MockWebServer elsewhere = new MockWebServer();
  @TempDir Path dir;

  @Test
  void aRequestRedirectedToAnotherHostIsNotSentThere() {
    api.enqueue(new MockResponse.Builder().code(307).addHeader("Location", elsewhere.url("/v1/images/generations?key=abc")).build());
    elsewhere.enqueue(Wire.json(200, Wire.answer(null, TestImages.png(1, 8, 8))));
    try (GenerationClient client = GenerationClient.builder()
        .provider(OpenAiProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v1").toString()).build())
        .outputs(OutputSink.files(dir)).build()) {
      assertThatThrownBy(() -> client.generate(GenerationRequest.create("gpt-image-1").prompt("a kite").build()))
          .isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e).hasMessageContaining("openai answered 307, a redirect to host " + elsewhere.url("/").host())
                .hasMessageNotContaining("key=abc").hasMessageNotContaining("/v1/");
            assertThat(e.statusCode()).isEqualTo(307);
            assertThat(e.retryable()).isFalse();
          });
      Job job = client.jobs(JobQuery.all()).get(0);
      assertThat(job.status()).isEqualTo(JobStatus.FAILED);
      assertThat(job.error().orElseThrow().code()).isEqualTo("307");
    }
    assertThat(api.getRequestCount()).as("not retried").isEqualTo(1);
    assertThat(elsewhere.getRequestCount()).isZero();
  }
}
