package dev.pictor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationListener;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.Job;
import dev.pictor.JobStatus;
import dev.pictor.OutputSink;
import dev.pictor.RetryPolicy;
import dev.pictor.TokenPool;
import dev.pictor.WebhookRejectedException;
import dev.pictor.Webhooks;
import dev.pictor.internal.TokenRegistry;
import dev.pictor.spi.RateLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhooksAndModelsTest {
  @TempDir Path dir;

  private static Map<String, List<String>> headers(String secret) {
    return Map.of("X-Sandbox-Secret", List.of(secret), "Content-Type", List.of("application/json"));
  }

  private static byte[] body(String providerJobId) {
    return ("{\"id\": \"" + providerJobId + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void webhooksMoveJobsOnIdempotentlyAndRefuseForgeries() throws Exception {
    FakeProvider fake = FakeProvider.builder().pollsBeforeDone(2).build();
    try (GenerationClient client = GenerationClient.builder().provider(fake).outputs(OutputSink.files(dir))
        .polling(Duration.ofHours(1), Duration.ofHours(1)).build()) {
      CompletableFuture<GenerationResult> f = client.generateAsync(GenerationRequest.create(FakeProvider.MODEL).prompt("p").build());
      String pid = waitForProviderId(client);
      Webhooks hooks = client.webhooks();
      assertThat(hooks.handle("sandbox", headers(FakeProvider.WEBHOOK_SECRET), body(pid))).isEqualTo(Webhooks.Outcome.UNCHANGED);
      fake.advance(pid);
      assertThat(hooks.handle("sandbox", headers(FakeProvider.WEBHOOK_SECRET), body(pid))).isEqualTo(Webhooks.Outcome.UPDATED);
      assertThatThrownBy(() -> hooks.handle("sandbox", headers("forged"), body(pid)))
          .isInstanceOf(WebhookRejectedException.class).hasMessage("sandbox webhook without the right x-sandbox-secret header");
      assertThat(hooks.handle("sandbox", headers(FakeProvider.WEBHOOK_SECRET), body("fake-999"))).isEqualTo(Webhooks.Outcome.UNKNOWN_JOB);
      fake.advance(pid);
      assertThat(hooks.handle(headers(FakeProvider.WEBHOOK_SECRET), body(pid))).isEqualTo(Webhooks.Outcome.UPDATED);
      assertThat(f.get(5, TimeUnit.SECONDS).job().status()).isEqualTo(JobStatus.SUCCEEDED);
      // A duplicate of the final delivery changes nothing.
      assertThat(hooks.handle("sandbox", headers(FakeProvider.WEBHOOK_SECRET), body(pid))).isEqualTo(Webhooks.Outcome.UNCHANGED);
      assertThat(fake.pollCalls()).isZero();
    }
  }

  private static String waitForProviderId(GenerationClient client) throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      List<Job> jobs = client.jobs(dev.pictor.JobQuery.all());
      if (!jobs.isEmpty() && jobs.get(0).providerJobId().isPresent()) return jobs.get(0).providerJobId().get();
      Thread.sleep(10);
    }
    throw new AssertionError("the job was never submitted");
  }

  @Test
  void modelsResolveByTheProvidersNameAndOutsideTheCatalogue() {
    FakeProvider fake = FakeProvider.create();
    try (GenerationClient client = GenerationClient.builder().provider(fake).outputs(OutputSink.files(dir)).build()) {
      assertThat(client.generate(GenerationRequest.create("pictor/sandbox-image").prompt("p").steps(4).build()).job().status())
          .isEqualTo(JobStatus.SUCCEEDED);
      GenerationResult custom = client.generate(GenerationRequest.create("acme/my-lora").prompt("p")
          .parameter("lora_scale", 0.8).parameter("extra_lora", "acme/other").build());
      assertThat(custom.job().model()).isEqualTo("acme/my-lora");
      assertThat(fake.submittedRequests().get(1).parameters()).containsEntry("lora_scale", 0.8).containsEntry("extra_lora", "acme/other");
      assertThatThrownBy(() -> client.generate(GenerationRequest.create("no-slash").prompt("p").build()))
          .hasMessageStartingWith("unknown model 'no-slash' for provider sandbox");
    }
  }

  @Test
  void providerCallsLeaseATokenAndRetryReads() throws Exception {
    FakeProvider fake = FakeProvider.builder().tokens(TokenPool.of("r8_call_aaaaaaaaaaaaaaaaaaaaaa")).build();
    try (GenerationClient client = GenerationClient.builder().provider(fake).outputs(OutputSink.files(dir))
        .retryPolicy(RetryPolicy.builder().backoff(Duration.ofMillis(1), Duration.ofMillis(2)).build()).build()) {
      int[] attempts = {0};
      String token = client.<String>providerCall("sandbox", call -> {
        attempts[0]++;
        if (attempts[0] == 1) return CompletableFuture.failedFuture(dev.pictor.spi.ProviderHttp.error("sandbox", 503, "busy", null, null, null));
        return CompletableFuture.completedFuture(call.token() + " via " + call.tokenLabel());
      }).get(5, TimeUnit.SECONDS);
      assertThat(token).isEqualTo("r8_call_aaaaaaaaaaaaaaaaaaaaaa via #1 (…aaaa)");
      assertThat(attempts[0]).isEqualTo(2);
    }
  }

  @Test
  void a429SetsTheTokensRateFromWhatTheServerAcceptedAndQuietTimeRaisesIt() {
    TokenPool pool = TokenPool.of("r8_adaptive_aaaaaaaaaaaaaaaa1");
    TokenRegistry registry = TokenRegistry.of(pool);
    ManualClock clock = new ManualClock();
    registry.bind("p", RateLimits.of(600, Duration.ofMinutes(1), 0, Duration.ofMinutes(1)), clock, GenerationListener.NONE, Runnable::run);
    // Nothing accepted yet: the first 429 halves the rate.
    registry.acquire(TokenRegistry.Kind.CREATE).lease.release(TokenRegistry.Outcome.RATE_LIMITED, null, null);
    assertThat(rate(registry)).isEqualTo(300.0);
    // More 429s within the same second are the same congestion event (past the short cooldown).
    clock.advance(Duration.ofMillis(500));
    registry.acquire(TokenRegistry.Kind.CREATE).lease.release(TokenRegistry.Outcome.RATE_LIMITED, null, null);
    assertThat(rate(registry)).isEqualTo(300.0);
    // 8 answers accepted within the last 2 s, then a 429: the rate becomes what was accepted, 4/s = 240/min
    // (between half and 90% of the 300 before).
    clock.advance(Duration.ofMillis(600));
    for (int i = 0; i < 8; i++) {
      registry.acquire(TokenRegistry.Kind.CREATE).lease.release(TokenRegistry.Outcome.OK, null, null);
      clock.advance(Duration.ofMillis(200));
    }
    registry.acquire(TokenRegistry.Kind.CREATE).lease.release(TokenRegistry.Outcome.RATE_LIMITED, null, null);
    assertThat(rate(registry)).isEqualTo(240.0);
    // Every quiet 2 s raises it by a tenth.
    clock.advance(Duration.ofSeconds(2));
    registry.acquire(TokenRegistry.Kind.CREATE).lease.release(TokenRegistry.Outcome.OK, null, null);
    assertThat(rate(registry)).isCloseTo(264.0, org.assertj.core.data.Offset.offset(1e-9));
    registry.acquire(TokenRegistry.Kind.CREATE).lease.release(TokenRegistry.Outcome.OK, null, null);
    assertThat(rate(registry)).isCloseTo(264.0, org.assertj.core.data.Offset.offset(1e-9));
    // A 429 without Retry-After rests the token two permits' time at the new rate, not 30 s.
    registry.acquire(TokenRegistry.Kind.CREATE).lease.release(TokenRegistry.Outcome.RATE_LIMITED, null, null);
    assertThat(pool.stats().get(0).coolingUntil().orElseThrow()).isBefore(clock.now().plusSeconds(5));
  }

  private static double rate(TokenRegistry registry) {
    return registry.createRates().get(0);
  }

  @Test
  void aThrottledCallWaitsOutManyRateLimitsInsteadOfFailing() throws Exception {
    ManualClock clock = new ManualClock();
    FakeProvider fake = FakeProvider.create();
    for (int i = 0; i < 10; i++) fake.failNextSubmits(FakeProvider.Fault.rateLimited(Duration.ofSeconds(30)));
    try (GenerationClient client = GenerationClient.builder().provider(fake).scheduler(clock).outputs(OutputSink.files(dir))
        .retryPolicy(RetryPolicy.builder().maxAttempts(2).build()).build()) {
      GenerationResult r = Drive.until(clock, client.generateAsync(GenerationRequest.create(FakeProvider.MODEL).prompt("p").build()),
          Duration.ofSeconds(30)).get();
      assertThat(r.job().attempts()).isEqualTo(11);
    }
    assertThat(clock.delays()).hasSize(10).allSatisfy(d -> assertThat(d).isEqualTo(Duration.ofSeconds(30)));
  }
}
