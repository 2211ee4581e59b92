package dev.pictor.replicate;

import static dev.pictor.replicate.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.AuthenticationException;
import dev.pictor.GenerationRequest;
import dev.pictor.InvalidRequestException;
import dev.pictor.ProviderException;
import dev.pictor.RateLimitException;
import dev.pictor.TokenPool;
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

  private Throwable create(MockResponse answer) {
    api.enqueue(answer);
    ReplicateProvider p = ReplicateProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v1").toString()).build();
    GenerationRequest r = GenerationRequest.create("flux-schnell").prompt("a fox").build();
    try {
      p.submit(TestCall.of(new ManualClock()), new ProviderRequest("j", r, ReplicateModels.FLUX_SCHNELL, Map.of(), null)).get();
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static MockResponse problem(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/problem+json").body(body).build();
  }

  @Test
  void aProblemJsonBecomesATypedExceptionWithTitleAndDetail() {
    Throwable e = create(problem(422, "{\"title\":\"Input validation failed\",\"detail\":\"- input: prompt is required\",\"status\":422}"));
    assertThat(e).isInstanceOf(InvalidRequestException.class)
        .hasMessage("replicate answered 422: Input validation failed: - input: prompt is required");
    assertThat(create(problem(401, "{\"title\":\"Unauthenticated\",\"detail\":\"You did not pass a valid authentication token\","
        + "\"status\":401}"))).isInstanceOf(AuthenticationException.class).hasMessageContaining("Unauthenticated");
  }

  @Test
  void aNonJsonGatewayPageKeepsItsStatusAndReadableText() {
    Throwable e = create(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
        .body("<html><body><h1>502 Bad Gateway</h1></body></html>").build());
    assertThat(e).isInstanceOf(ProviderException.class)
        .hasMessage("replicate answered 502: a non-JSON answer (text/html): 502 Bad Gateway");
    ProviderException p = (ProviderException) e;
    assertThat(p.statusCode()).isEqualTo(502);
    assertThat(p.retryable()).isTrue();
    assertThat(p.reachedProvider()).isEqualTo(ProviderException.Reach.NOT_REACHED);
  }

  @Test
  void a429UsesRetryAfterThenTheBodysResetsInThenADefault() {
    Throwable header = create(problem(429, "{\"detail\":\"Request was throttled. Your rate limit resets in ~30s.\"}")
        .newBuilder().addHeader("Retry-After", "3").build());
    assertThat(((RateLimitException) header).retryAfter()).contains(Duration.ofSeconds(3));
    Throwable body = create(problem(429, "{\"detail\":\"Request was throttled. Your rate limit resets in ~12s.\"}"));
    assertThat(body).isInstanceOf(RateLimitException.class).hasMessageContaining("resets in ~12s");
    assertThat(((RateLimitException) body).retryAfter()).contains(Duration.ofSeconds(12));
    Throwable neither = create(problem(429, "{\"detail\":\"Request was throttled.\"}"));
    assertThat(((RateLimitException) neither).retryAfter()).contains(Duration.ofSeconds(10));
  }

  @Test
  void a500OrAGarbledSuccessToACreateIsAmbiguous() {
    Throwable e = create(problem(500, "{\"title\":\"Internal Server Error\"}"));
    assertThat(((ProviderException) e).reachedProvider()).isEqualTo(ProviderException.Reach.AMBIGUOUS);
    Throwable garbled = create(json(201, "{\"id\":\"p1\",\"sta"));
    assertThat(garbled).isInstanceOf(ProviderException.class).hasMessageContaining("not a JSON object");
    assertThat(((ProviderException) garbled).reachedProvider()).isEqualTo(ProviderException.Reach.AMBIGUOUS);
  }
}
