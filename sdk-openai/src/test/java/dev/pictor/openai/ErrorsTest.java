package dev.pictor.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.AuthenticationException;
import dev.pictor.GenerationRequest;
import dev.pictor.InvalidRequestException;
import dev.pictor.ProviderException;
import dev.pictor.RateLimitException;
import dev.pictor.TokenPool;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** OpenAI's error answers become the core's typed exceptions, keeping param, code and request id, and never a key. */
class ErrorsTest {
  @StartStop final MockWebServer api = new MockWebServer();

  private OpenAiProvider provider() {
    return OpenAiProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v1").toString()).build();
  }

  private Throwable failure(MockResponse answer) {
    api.enqueue(answer);
    try {
      provider().submit(TestCall.create(), Wire.validated(GenerationRequest.create("gpt-image-1").prompt("p").build(),
          OpenAiModels.GPT_IMAGE_1)).get();
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static MockResponse error(int code, String message, String type, String param, String errorCode) {
    return Wire.json(code, "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":"
        + (param == null ? "null" : "\"" + param + "\"") + ",\"code\":" + (errorCode == null ? "null" : "\"" + errorCode + "\"") + "}}");
  }

  @Test
  void aBadRequestKeepsItsParamCodeAndRequestId() {
    Throwable e = failure(error(400, "Invalid size '1000x1000'.", "invalid_request_error", "size", "invalid_value"));
    assertThat(e).isInstanceOf(InvalidRequestException.class)
        .hasMessage("openai answered 400: Invalid size '1000x1000'. (param size, code invalid_value, request id req_test123)");
    assertThat(((InvalidRequestException) e).field()).contains("size");
    assertThat(((InvalidRequestException) e).retryable()).isFalse();
    Throwable safety = failure(error(400, "Your request was rejected by the safety system.", "image_generation_user_error", null,
        "moderation_blocked"));
    assertThat(safety).isInstanceOf(InvalidRequestException.class).hasMessageContaining("(code moderation_blocked, request id req_test123)");
    assertThat(((InvalidRequestException) safety).field()).isEmpty();
  }

  @Test
  void aRefusedKeyIsAnAuthenticationFailureWithoutTheKey() {
    Throwable e = failure(error(401, "Incorrect API key provided: sk-proj-********************1234. You can find your API key at"
        + " https://platform.openai.com/account/api-keys.", "invalid_request_error", null, "invalid_api_key"));
    assertThat(e).isInstanceOf(AuthenticationException.class)
        .hasMessage("openai answered 401: Incorrect API key provided: sk-***. You can find your API key at"
            + " https://platform.openai.com/account/api-keys. (code invalid_api_key, request id req_test123)");
    Throwable echoed = failure(error(403, "key " + TestCall.TOKEN + " may not use this project", "invalid_request_error", null, null));
    assertThat(echoed.getMessage()).doesNotContain(TestCall.TOKEN).doesNotContain("testKEY");
    assertThat(failure(new MockResponse.Builder().code(401).build())).hasMessage("openai answered 401: the API key was refused (check OPENAI_API_KEY)");
  }

  @Test
  void a429HonoursRetryAfterMsThenRetryAfter() {
    Throwable ms = failure(error(429, "Rate limit reached for requests", "requests", null, "rate_limit_exceeded").newBuilder()
        .addHeader("retry-after-ms", "1250").addHeader("retry-after", "2").build());
    assertThat(ms).isInstanceOf(RateLimitException.class).hasMessage("openai answered 429: Rate limit reached for requests"
        + " (code rate_limit_exceeded, request id req_test123)");
    assertThat(((RateLimitException) ms).retryAfter()).contains(Duration.ofMillis(1250));
    assertThat(((RateLimitException) ms).requestId()).contains("req_test123");
    Throwable seconds = failure(error(429, "slow down", "requests", null, "rate_limit_exceeded").newBuilder().addHeader("retry-after", "3").build());
    assertThat(((RateLimitException) seconds).retryAfter()).contains(Duration.ofSeconds(3));
  }

  @Test
  void anExhaustedQuotaOrASaidNoIsNotRetried() {
    // An exhausted quota is the key's billing: the key leaves the pool, and the create (not processed) may go to another.
    Throwable quota = failure(error(429, "You exceeded your current quota.", "insufficient_quota", null, "insufficient_quota"));
    assertThat(quota).isInstanceOf(AuthenticationException.class).hasMessageContaining("no quota left");
    Throwable no = failure(error(429, "Rate limit", "requests", null, "rate_limit_exceeded").newBuilder().addHeader("x-should-retry", "false").build());
    assertThat(no).isExactlyInstanceOf(ProviderException.class);
    assertThat(((ProviderException) no).retryable()).isFalse();
  }

  @Test
  void a403KeepsTheKeyAndA502IsNotASafeResend() {
    Throwable forbidden = failure(error(403, "Your organization must be verified to use the model `gpt-image-1`",
        "invalid_request_error", null, null));
    assertThat(forbidden).isNotInstanceOf(AuthenticationException.class).isInstanceOf(ProviderException.class);
    assertThat(((ProviderException) forbidden).retryable()).isFalse();
    assertThat(((ProviderException) forbidden).reachedProvider()).isEqualTo(ProviderException.Reach.REACHED);
    Throwable gateway = failure(new MockResponse.Builder().code(502).body("<html>bad gateway</html>").build());
    assertThat(((ProviderException) gateway).reachedProvider()).isEqualTo(ProviderException.Reach.AMBIGUOUS);
    Throwable overloaded = failure(error(503, "The engine is currently overloaded, please try again later", "server_error", null, null));
    assertThat(((ProviderException) overloaded).reachedProvider()).isEqualTo(ProviderException.Reach.NOT_REACHED);
    Throwable other503 = failure(new MockResponse.Builder().code(503).body("upstream unavailable").build());
    assertThat(((ProviderException) other503).reachedProvider()).isEqualTo(ProviderException.Reach.AMBIGUOUS);
  }

  @Test
  void xShouldRetryOverridesTheStatus() {
    Throwable busy = failure(error(503, "overloaded", "server_error", null, null).newBuilder().addHeader("x-should-retry", "false").build());
    assertThat(((ProviderException) busy).retryable()).isFalse();
    assertThat(((ProviderException) busy).reachedProvider()).isEqualTo(ProviderException.Reach.NOT_REACHED);
    Throwable conflict = failure(error(409, "conflict", "invalid_request_error", null, "conflict").newBuilder().addHeader("x-should-retry", "true").build());
    assertThat(conflict).isExactlyInstanceOf(ProviderException.class);
    assertThat(((ProviderException) conflict).retryable()).isTrue();
    assertThat(((ProviderException) conflict).providerCode()).contains("conflict");
    Throwable plain503 = failure(error(503, "overloaded", "server_error", null, null));
    assertThat(((ProviderException) plain503).retryable()).isTrue();
    assertThat(((ProviderException) plain503).providerCode()).contains("server_error");
  }

  @Test
  void a500AGarbledAnswerOrAGatewayPageIsAmbiguous() {
    Throwable internal = failure(error(500, "The server had an error", "server_error", null, null).newBuilder().addHeader("x-should-retry", "true").build());
    assertThat(((ProviderException) internal).reachedProvider()).isEqualTo(ProviderException.Reach.AMBIGUOUS);
    assertThat(((ProviderException) internal).requestId()).contains("req_test123");
    Throwable garbled = failure(Wire.json(200, "{\"created\":1,\"data\":[{\"b64_json\":\"iVBO"));
    assertThat(garbled).hasMessageStartingWith("openai: the answer to POST /v1/images/generations could not be read")
        .hasMessageEndingWith("; the images were probably made and charged, so it is not sent again");
    assertThat(((ProviderException) garbled).reachedProvider()).isEqualTo(ProviderException.Reach.AMBIGUOUS);
    Throwable gateway = failure(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
        .body("<html><body><h1>502 Bad Gateway</h1></body></html>").build());
    assertThat(gateway).hasMessage("openai answered 502: a non-JSON answer (text/html): 502 Bad Gateway");
    // A gateway may answer 502 after OpenAI made and charged the image: not a safe resend.
    assertThat(((ProviderException) gateway).reachedProvider()).isEqualTo(ProviderException.Reach.AMBIGUOUS);
  }

  @Test
  void anAnswerWithoutImagesFailsTheJob() throws Exception {
    api.enqueue(Wire.json(200, "{\"created\":1,\"data\":[]}"));
    var job = provider().submit(TestCall.create(), Wire.validated(GenerationRequest.create("gpt-image-1").prompt("p").build(),
        OpenAiModels.GPT_IMAGE_1)).get();
    assertThat(job.status()).isEqualTo(dev.pictor.JobStatus.FAILED);
    assertThat(job.errorMessage()).contains("openai answered without images");
  }

  @Test
  void theKeyNeverAppearsInTheProvidersDescription() {
    OpenAiProvider p = OpenAiProvider.builder().apiKey(TestCall.TOKEN).organization("org-1").project("proj-1").build();
    assertThat(p.toString()).doesNotContain(TestCall.TOKEN).doesNotContain("testKEY")
        .startsWith("OpenAiProvider{https://api.openai.com/v1, timeout PT10M, TokenPool{")
        .endsWith(", organization set, project set}");
  }
}
