package dev.pictor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.JobQuery;
import dev.pictor.JobStatus;
import dev.pictor.OutputSink;
import dev.pictor.ProviderException;
import dev.pictor.RetryPolicy;
import dev.pictor.TokenPool;
import dev.pictor.UnknownOutcomeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core's HTTP behaviour over a real socket: what is sent where, and how failures are classified. */
class HttpExchangeTest {
  private static final String TOKEN = "r8_canaryHTTPzzzzzzzzzzzzzzzz9999";

  @StartStop final MockWebServer api = new MockWebServer();
  @StartStop final MockWebServer cdn = new MockWebServer();
  @TempDir Path dir;

  private GenerationClient client(RetryPolicy policy) {
    return GenerationClient.builder().provider(new HttpTestProvider(api.url("/"), TokenPool.of(TOKEN)))
        .retryPolicy(policy).outputs(OutputSink.files(dir)).build();
  }

  private static GenerationRequest request() {
    return GenerationRequest.create("m").prompt("a fox").build();
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
  }

  @Test
  void theTokenGoesToTheApiHostOnlyNeverToTheOutputHost() throws Exception {
    cdn.enqueue(new MockResponse.Builder().body(new Buffer().write(TestImages.png(4, 16, 16))).build());
    api.enqueue(json("{\"id\":\"p1\",\"status\":\"succeeded\",\"output\":\"" + cdn.url("/out/p1.png") + "\"}"));
    try (GenerationClient client = client(RetryPolicy.defaults())) {
      GenerationResult r = client.generate(request());
      assertThat(r.images().get(0).contentType()).isEqualTo("image/png");
    }
    RecordedRequest create = api.takeRequest();
    assertThat(create.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    RecordedRequest download = cdn.takeRequest();
    assertThat(download.getUrl().encodedPath()).isEqualTo("/out/p1.png");
    assertThat(download.getHeaders().get("Authorization")).isNull();
    assertThat(download.getHeaders().toString()).doesNotContain(TOKEN);
  }

  @Test
  void interceptorsAndPerProviderSettingsApplyToApiCallsOnly() throws Exception {
    cdn.enqueue(new MockResponse.Builder().body(new Buffer().write(TestImages.png(7, 8, 8))).build());
    api.enqueue(json("{\"id\":\"p3\",\"status\":\"succeeded\",\"output\":\"" + cdn.url("/o.png") + "\"}"));
    try (GenerationClient client = GenerationClient.builder().provider(new HttpTestProvider(api.url("/"), TokenPool.of(TOKEN)))
        .addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("X-Trace", "t-1").build()))
        .providerHttp("http-test", b -> b.addInterceptor(chain -> chain.proceed(
            chain.request().newBuilder().header("X-Provider", "http-test").build())))
        .outputs(OutputSink.files(dir)).build()) {
      client.generate(request());
    }
    RecordedRequest create = api.takeRequest();
    assertThat(create.getHeaders().get("X-Trace")).isEqualTo("t-1");
    assertThat(create.getHeaders().get("X-Provider")).isEqualTo("http-test");
    RecordedRequest download = cdn.takeRequest();
    assertThat(download.getHeaders().get("X-Trace")).isNull();
    assertThat(download.getHeaders().get("X-Provider")).isNull();
  }

  @Test
  void aConnectionDroppedAfterTheRequestWasSentIsAmbiguousAndNeverResent() throws Exception {
    api.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    try (GenerationClient client = client(RetryPolicy.defaults())) {
      assertThatThrownBy(() -> client.generate(request())).isInstanceOf(UnknownOutcomeException.class)
          .hasMessageContaining("not resent, so nothing is charged twice");
      assertThat(client.jobs(JobQuery.all()).get(0).status()).isEqualTo(JobStatus.UNKNOWN);
    }
    assertThat(api.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aRefusedConnectionProvablyDidNotReachTheProviderAndIsRetried() throws Exception {
    MockWebServer closed = new MockWebServer();
    closed.start();
    okhttp3.HttpUrl dead = closed.url("/");
    closed.close();
    RetryPolicy fast = RetryPolicy.builder().maxAttempts(3).backoff(Duration.ofMillis(1), Duration.ofMillis(2)).build();
    try (GenerationClient client = GenerationClient.builder().provider(new HttpTestProvider(dead, TokenPool.of(TOKEN)))
        .retryPolicy(fast).outputs(OutputSink.files(dir)).build()) {
      assertThatThrownBy(() -> client.generate(request())).isInstanceOf(ProviderException.class)
          .hasMessageContaining("(before the request was sent)")
          .satisfies(e -> assertThat(((ProviderException) e).reachedProvider()).isEqualTo(ProviderException.Reach.NOT_REACHED));
      assertThat(client.jobs(JobQuery.all()).get(0).attempts()).isEqualTo(3);
      assertThat(client.jobs(JobQuery.all()).get(0).status()).isEqualTo(JobStatus.FAILED);
    }
  }

  @Test
  void aThrottledCreateHonoursRetryAfterFromTheHeader() throws Exception {
    ManualClock clock = new ManualClock();
    api.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3")
        .body("{\"detail\":\"Request was throttled. Your rate limit resets in ~30s.\"}").build());
    api.enqueue(json("{\"id\":\"p2\",\"status\":\"succeeded\",\"output\":\"" + cdn.url("/x.png") + "\"}"));
    cdn.enqueue(new MockResponse.Builder().body(new Buffer().write(TestImages.png(5, 8, 8))).build());
    try (GenerationClient client = GenerationClient.builder().provider(new HttpTestProvider(api.url("/"), TokenPool.none()))
        .scheduler(clock).outputs(OutputSink.files(dir)).build()) {
      GenerationResult r = Drive.until(clock, client.generateAsync(request()), Duration.ofSeconds(3)).get();
      assertThat(r.job().attempts()).isEqualTo(2);
    }
    assertThat(clock.delays()).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void moreThanFiveCallsRunAtOnceAgainstOneHost() throws Exception {
    int calls = 10;
    CountDownLatch allIn = new CountDownLatch(calls);
    cdn.enqueue(new MockResponse.Builder().body(new Buffer().write(TestImages.png(6, 8, 8))).build());
    String output = cdn.url("/same.png").toString();
    api.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        allIn.countDown();
        // Answers only once every call is in flight at the same time: OkHttp's default of 5 per host would stall here.
        if (!allIn.await(5, TimeUnit.SECONDS)) return new MockResponse.Builder().code(400).body("not concurrent").build();
        return json("{\"id\":\"p\",\"status\":\"running\"}");
      }
    });
    try (GenerationClient client = GenerationClient.builder().provider(new HttpTestProvider(api.url("/"), TokenPool.none()))
        .maxConcurrency(16).polling(Duration.ofHours(1), Duration.ofHours(1)).shutdownTimeout(Duration.ZERO)
        .outputs(OutputSink.files(dir)).build()) {
      List<CompletableFuture<GenerationResult>> all = new ArrayList<>();
      for (int i = 0; i < calls; i++) all.add(client.generateAsync(request()));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (client.jobs(JobQuery.builder().status(JobStatus.RUNNING).build()).size() < calls && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(client.jobs(JobQuery.builder().status(JobStatus.RUNNING).build())).hasSize(calls);
    }
    assertThat(output).isNotEmpty();
  }
}
