package dev.pictor.runpod;

import static dev.pictor.runpod.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.AuthenticationException;
import dev.pictor.GenerationRequest;
import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import dev.pictor.JobStatus;
import dev.pictor.ProviderException;
import dev.pictor.RateLimitException;
import dev.pictor.TokenPool;
import dev.pictor.spi.ProviderJob;
import dev.pictor.spi.ProviderRequest;
import dev.pictor.testkit.ManualClock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** Error answers become the core's typed exceptions with the HTTP status, whatever their body. */
class ErrorsTest {
  @StartStop final MockWebServer api = new MockWebServer();

  private RunPodProvider provider() {
    return RunPodProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v2").toString()).build();
  }

  private ProviderJob submit(MockResponse answer) throws Exception {
    api.enqueue(answer);
    GenerationRequest r = GenerationRequest.edit("flux-kontext-dev").prompt("p").image(ImageInput.ofUrl("https://e.com/a.png")).build();
    return provider().submit(TestCall.of(new ManualClock()), new ProviderRequest("j", r, RunPodModels.FLUX_KONTEXT_DEV, Map.of(), null))
        .get();
  }

  private Throwable failure(MockResponse answer) {
    try {
      submit(answer);
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void refusedKeysAndBadRequestsAreTyped() {
    assertThat(failure(json(401, ""))).isInstanceOf(AuthenticationException.class)
        .hasMessage("runpod answered 401: the API key was refused (check RUNPOD_API_KEY)");
    assertThat(failure(json(400, "{\"error\":\"input.size: invalid format\"}"))).isInstanceOf(InvalidRequestException.class)
        .hasMessage("runpod answered 400: input.size: invalid format");
    assertThat(failure(json(404, "{\"error\":\"not found\"}"))).isInstanceOf(InvalidRequestException.class)
        .hasMessage("runpod answered 404 for endpoint black-forest-labs-flux-1-kontext-dev (not found): no such endpoint,"
            + " or this API key cannot use it; check the endpoint id");
  }

  @Test
  void aFailedJobThatComesWithA400IsTheJobsFailureNotTheCalls() throws Exception {
    ProviderJob job = submit(json(400, "{\"id\":\"sync-x\",\"status\":\"FAILED\",\"error\":\"image could not be downloaded\","
        + "\"delayTime\":10,\"executionTime\":20}"));
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.errorMessage()).contains("the job failed at RunPod: image could not be downloaded");
  }

  @Test
  void a429UsesRetryAfterOrHalfARateWindow() {
    Throwable header = failure(json(429, "{\"error\":\"rate limited\"}").newBuilder().addHeader("Retry-After", "3").build());
    assertThat(header).isInstanceOf(RateLimitException.class).hasMessage("runpod answered 429: rate limited");
    assertThat(((RateLimitException) header).retryAfter()).contains(Duration.ofSeconds(3));
    Throwable none = failure(new MockResponse.Builder().code(429).body("Too Many Requests").build());
    assertThat(((RateLimitException) none).retryAfter()).isEmpty();
    assertThat(none).hasMessage("runpod answered 429: a non-JSON answer: Too Many Requests");
  }

  @Test
  void aGatewayPageIsNotReachedAndA500OrAGarbledAnswerIsAmbiguous() {
    Throwable gateway = failure(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
        .body("<html><body><h1>502 Bad Gateway</h1></body></html>").build());
    assertThat(gateway).isInstanceOf(ProviderException.class)
        .hasMessage("runpod answered 502: a non-JSON answer (text/html): 502 Bad Gateway");
    assertThat(((ProviderException) gateway).reachedProvider()).isEqualTo(ProviderException.Reach.NOT_REACHED);
    assertThat(((ProviderException) gateway).retryable()).isTrue();
    Throwable internal = failure(json(500, "{\"error\":\"internal\"}"));
    assertThat(((ProviderException) internal).reachedProvider()).isEqualTo(ProviderException.Reach.AMBIGUOUS);
    Throwable garbled = failure(json(200, "{\"id\":\"sync-1\",\"sta"));
    assertThat(garbled).hasMessageContaining("not a JSON object");
    assertThat(((ProviderException) garbled).reachedProvider()).isEqualTo(ProviderException.Reach.AMBIGUOUS);
    // A connection cut after the body went out is ambiguous too: ClientFlowTest checks it through the core's HTTP client.
  }

  @Test
  void theKeyNeverAppearsInMessagesOrTheProvidersDescription() {
    Throwable e = failure(json(403, "{\"error\":\"forbidden\"}"));
    assertThat(e.getMessage()).doesNotContain(TestCall.TOKEN);
    assertThat(provider().toString()).doesNotContain(TestCall.TOKEN).contains("/runsync wait=90s");
  }
}
