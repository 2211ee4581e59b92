package dev.pictor.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationListener;
import dev.pictor.GenerationRequest;
import dev.pictor.OutputSink;
import dev.pictor.TokenPool;
import dev.pictor.openai.internal.RateHeaders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code x-ratelimit-*-requests} headers of every answer reach the token pool. */
class RateLimitsTest {
  @StartStop final MockWebServer api = new MockWebServer();
  @TempDir Path dir;

  private static MockResponse budget(MockResponse r, String remaining, String reset) {
    return r.newBuilder().addHeader("x-ratelimit-limit-requests", "60").addHeader("x-ratelimit-remaining-requests", remaining)
        .addHeader("x-ratelimit-reset-requests", reset).build();
  }

  @Test
  void goDurationsAreRead() {
    assertThat(RateHeaders.duration("6m0s")).isEqualTo(Duration.ofMinutes(6));
    assertThat(RateHeaders.duration("1s")).isEqualTo(Duration.ofSeconds(1));
    assertThat(RateHeaders.duration("20ms")).isEqualTo(Duration.ofMillis(20));
    assertThat(RateHeaders.duration("1h2m3.5s")).isEqualTo(Duration.ofMillis(3_723_500));
    assertThat(RateHeaders.duration("0.5s")).isEqualTo(Duration.ofMillis(500));
    assertThat(RateHeaders.duration("150us")).isEqualTo(Duration.ofNanos(150_000));
    assertThat(RateHeaders.duration("0")).isEqualTo(Duration.ZERO);
    assertThat(RateHeaders.duration("12")).isNull();
    assertThat(RateHeaders.duration("1x")).isNull();
    assertThat(RateHeaders.duration("s")).isNull();
    assertThat(RateHeaders.duration("")).isNull();
  }

  @Test
  void everyAnswerReportsItsBudgetSuccessOrError() throws Exception {
    OpenAiProvider p = OpenAiProvider.builder().apiKey(TestCall.TOKEN).baseUrl(api.url("/v1").toString()).build();
    var request = Wire.validated(GenerationRequest.create("gpt-image-1").prompt("p").build(), OpenAiModels.GPT_IMAGE_1);
    api.enqueue(budget(Wire.json(200, Wire.png(8, 8)), "59", "1s"));
    api.enqueue(budget(Wire.json(429, "{\"error\":{\"message\":\"slow\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}"),
        "0", "6m0s"));
    api.enqueue(budget(Wire.json(200, Wire.png(8, 8)), "many", "1s"));
    TestCall call = TestCall.create();
    p.submit(call, request).get();
    try {
      p.submit(call, request).get();
    } catch (ExecutionException expected) {
      assertThat(expected.getCause()).isInstanceOf(dev.pictor.RateLimitException.class);
    }
    p.submit(call, request).get();
    // The budget refills continuously and reset is the time until it is full: one used of 60 back in
    // 1 s is a refill of 1 per second; none left of 60, full in 6 min, means one is back in 6 s.
    assertThat(call.quotas).containsExactly(new TestCall.Quota(1, Duration.ofSeconds(1)), new TestCall.Quota(0, Duration.ofSeconds(6)));
  }

  @Test
  void aTokenWithNoRequestsLeftRestsAndTheOtherTakesTheWork() throws Exception {
    String first = "sk-first-aaaaaaaaaaaaaaaaaaaa1111";
    String second = "sk-second-bbbbbbbbbbbbbbbbbbb2222";
    List<String> cooled = new CopyOnWriteArrayList<>();
    GenerationListener listener = new GenerationListener() {
      @Override
      public void onTokenCooledDown(String provider, String token, Duration cooldown) {
        cooled.add(provider + " " + token + " " + cooldown);
      }
    };
    api.enqueue(budget(Wire.json(200, Wire.png(8, 8)), "0", "6m0s"));
    for (int i = 0; i < 3; i++) api.enqueue(budget(Wire.json(200, Wire.png(8, 8)), "50", "10s"));
    try (GenerationClient client = GenerationClient.builder()
        .provider(OpenAiProvider.builder().tokens(TokenPool.of(first, second)).baseUrl(api.url("/v1").toString()).build())
        .listener(listener).outputs(OutputSink.files(dir)).build()) {
      for (int i = 0; i < 4; i++) client.generate(GenerationRequest.create("gpt-image-1").prompt("p" + i).build());
    }
    String rested = api.takeRequest().getHeaders().get("Authorization");
    for (int i = 0; i < 3; i++) assertThat(api.takeRequest().getHeaders().get("Authorization")).isNotEqualTo(rested);
    assertThat(cooled).hasSize(1);
    assertThat(cooled.get(0)).startsWith("openai #").endsWith(" PT6S").doesNotContain(first).doesNotContain(second);
  }

  @Test
  void a429IsRetriedAfterTheWaitItAsksFor() throws Exception {
    List<String> cooled = new CopyOnWriteArrayList<>();
    api.enqueue(Wire.json(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,"
        + "\"code\":\"rate_limit_exceeded\"}}").newBuilder().addHeader("retry-after-ms", "40").addHeader("retry-after", "1").build());
    api.enqueue(Wire.json(200, Wire.png(8, 8)));
    try (GenerationClient client = GenerationClient.builder()
        .provider(OpenAiProvider.builder().apiKey(TestCall.TOKEN).baseUrl(api.url("/v1").toString()).build())
        .listener(new GenerationListener() {
          @Override
          public void onTokenCooledDown(String provider, String token, Duration cooldown) {
            cooled.add(cooldown.toString());
          }
        })
        .outputs(OutputSink.files(dir)).build()) {
      var job = client.generate(GenerationRequest.create("gpt-image-1").prompt("p").build()).job();
      assertThat(job.attempts()).isEqualTo(2);
    }
    assertThat(api.getRequestCount()).isEqualTo(2);
    assertThat(cooled).containsExactly("PT0.04S");
  }
}
