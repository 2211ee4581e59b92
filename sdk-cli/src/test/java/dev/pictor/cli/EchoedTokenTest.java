package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.TokenPool;
import dev.pictor.openai.OpenAiProvider;
import dev.pictor.replicate.ReplicateProvider;
import dev.pictor.runpod.RunPodProvider;
import dev.pictor.spi.GenerationProvider;
import dev.pictor.spi.JobStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A server that quotes the request's Authorization header back in its answers (as a misbehaving proxy
 * or a debug endpoint might): in a JSON error, an HTML error page, and a 200 that is not JSON. For
 * each provider, the token is masked out of every exception, log line and stored job, and the mask
 * shows that a JSON error's echo did reach the message.
 */
class EchoedTokenTest {
  private static final String REPLICATE = "r8_ECHOq7Lw2Xk9Pm4Rt6Yb1Nc3Vd8Hj5zzz";
  private static final String RUNPOD = "rpa_ECHOQ7LW2XK9PM4RT6YB1NC3VD8HJ5ZZZ";
  private static final String OPENAI = "sk-proj-ECHOq7Lw2Xk9Pm4Rt6Yb1Nc3Vd8Hj5";
  @TempDir Path dir;

  /** What the server answers to every request, with {@code %s} standing for the Authorization header it got. */
  enum Echo {
    JSON_ERROR(400, "application/json", "{\"title\":\"Bad request\",\"detail\":\"you sent Authorization: %1$s\","
        + "\"error\":{\"message\":\"Incorrect API key provided: %1$s\",\"type\":\"invalid_request_error\",\"code\":\"%1$s\"}}"),
    HTML_PAGE(500, "text/html", "<html><body><h1>502 Bad Gateway</h1><pre>Authorization: %s</pre></body></html>"),
    NOT_JSON(200, "text/plain", "debug: request carried Authorization: %s");

    final int code;
    final String type;
    final String template;

    Echo(int code, String type, String template) {
      this.code = code;
      this.type = type;
      this.template = template;
    }
  }

  static Stream<Arguments> cases() {
    BiFunction<String, String, GenerationProvider> replicate = (token, url) ->
        ReplicateProvider.builder().tokens(TokenPool.of(token)).baseUrl(url + "v1").build();
    BiFunction<String, String, GenerationProvider> runpod = (token, url) ->
        RunPodProvider.builder().tokens(TokenPool.of(token)).baseUrl(url + "v2").build();
    BiFunction<String, String, GenerationProvider> openai = (token, url) ->
        OpenAiProvider.builder().apiKey(token).baseUrl(url + "v1").build();
    Stream.Builder<Arguments> all = Stream.builder();
    for (Echo echo : Echo.values()) {
      all.add(Arguments.of("replicate", REPLICATE, replicate, "flux-schnell", echo));
      all.add(Arguments.of("runpod", RUNPOD, runpod, "flux-schnell", echo));
      all.add(Arguments.of("openai", OPENAI, openai, "gpt-image-1", echo));
    }
    return all.build();
  }

  @ParameterizedTest(name = "{0} {4}")
  @MethodSource("cases")
  void anEchoedTokenIsMaskedEverywhere(String name, String token, BiFunction<String, String, GenerationProvider> provider,
      String model, Echo echo) throws IOException {
    Canary canary = new Canary(token);
    JobStore store = JobStore.inMemory();
    try (MockWebServer server = new MockWebServer(); Canary.Capture capture = canary.capture()) {
      server.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest r) {
          String auth = String.valueOf(r.getHeaders().get("Authorization"));
          return new MockResponse.Builder().code(echo.code).addHeader("Content-Type", echo.type)
              .body(String.format(echo.template, auth)).build();
        }
      });
      server.start();
      GenerationProvider p = provider.apply(token, server.url("/").toString());
      try (GenerationClient client = canary.client(p, store, dir).build()) {
        // Ambiguous answers leave the job unknown and reconciling: the timeout ends it.
        canary.settle(java.util.List.of(client.generateAsync(GenerationRequest.create(model).prompt("echo")
            .timeout(Duration.ofMillis(400)).build())));
        canary.seeAll(client, p, store);
      }
      assertThat(server.getRequestCount()).isPositive();
    }
    canary.assertNowhere();
    if (echo == Echo.JSON_ERROR) assertThat(canary.seen()).as("the echo, masked").contains("Bearer ***");
  }
}
