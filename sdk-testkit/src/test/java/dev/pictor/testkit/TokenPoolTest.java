package dev.pictor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.AuthenticationException;
import dev.pictor.GenerationClient;
import dev.pictor.GenerationListener;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.JobStatus;
import dev.pictor.OutputSink;
import dev.pictor.TokenPool;
import dev.pictor.TokenStats;
import dev.pictor.internal.TokenRegistry;
import dev.pictor.spi.RateLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenPoolTest {
  private static final String GOOD_1 = "r8_good1aaaaaaaaaaaaaaaaaaaa1111";
  private static final String BAD = "r8_badbbbbbbbbbbbbbbbbbbbbbbb2222";
  private static final String GOOD_2 = "r8_good2cccccccccccccccccccc3333";

  @TempDir Path dir;

  private static GenerationRequest request(int i) {
    return GenerationRequest.create(FakeProvider.MODEL).prompt("item " + i).build();
  }

  @Test
  void aRevokedTokenCostsOneRequestAndEveryJobSucceeds() {
    TokenPool pool = TokenPool.of(GOOD_1, BAD, GOOD_2);
    FakeProvider fake = FakeProvider.builder().tokens(pool).revoked(BAD).latency(Duration.ofMillis(1)).build();
    List<String> removed = new CopyOnWriteArrayList<>();
    try (GenerationClient client = GenerationClient.builder().provider(fake).outputs(OutputSink.files(dir))
        .listener(new GenerationListener() {
          @Override
          public void onTokenRemoved(String provider, String token, String reason) {
            removed.add(provider + " " + token);
          }
        }).build()) {
      List<CompletableFuture<GenerationResult>> all = new ArrayList<>();
      for (int i = 0; i < 100; i++) all.add(client.generateAsync(request(i)));
      for (CompletableFuture<GenerationResult> f : all) assertThat(f.join().job().status()).isEqualTo(JobStatus.SUCCEEDED);
    }
    assertThat(fake.tokenUse().get(BAD)).isEqualTo(1);
    assertThat(fake.tokenUse().get(GOOD_1) + fake.tokenUse().get(GOOD_2)).isEqualTo(100);
    assertThat(fake.duplicateCharges()).isEmpty();
    assertThat(pool.stats().get(1).state()).isEqualTo(TokenStats.State.REMOVED);
    assertThat(removed).containsExactly("sandbox #2 (…2222)");
  }

  @Test
  void aJobIsFollowedWithTheTokenThatCreatedIt() {
    TokenPool pool = TokenPool.of(GOOD_1, GOOD_2);
    FakeProvider fake = FakeProvider.builder().tokens(pool).accountPerToken(true).pollsBeforeDone(3)
        .latency(Duration.ofMillis(1)).build();
    try (GenerationClient client = GenerationClient.builder().provider(fake).outputs(OutputSink.files(dir))
        .polling(Duration.ofMillis(1), Duration.ofMillis(2)).build()) {
      List<CompletableFuture<GenerationResult>> all = new ArrayList<>();
      for (int i = 0; i < 30; i++) all.add(client.generateAsync(request(i)));
      java.util.Set<String> tokensUsed = new java.util.HashSet<>();
      for (CompletableFuture<GenerationResult> f : all) {
        GenerationResult r = f.join();
        assertThat(r.job().status()).isEqualTo(JobStatus.SUCCEEDED);
        tokensUsed.add(r.job().token().orElseThrow());
        assertThat(client.job(r.id()).orElseThrow().token()).isEqualTo(r.job().token());
      }
      // Both tokens created jobs, and every poll went to the job's own token (others would get 404).
      assertThat(tokensUsed).containsExactlyInAnyOrder("#1 (…1111)", "#2 (…3333)");
    }
    assertThat(fake.pollCalls()).isEqualTo(90);
  }

  @Test
  void whenEveryTokenIsGoneTheCallFailsAtOnceNamingTheProvider() {
    TokenPool pool = TokenPool.of(BAD);
    FakeProvider fake = FakeProvider.builder().tokens(pool).revoked(BAD).build();
    try (GenerationClient client = GenerationClient.builder().provider(fake).outputs(OutputSink.files(dir)).build()) {
      assertThatThrownBy(() -> client.generate(request(1)))
          .isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("sandbox answered 401");
      assertThatThrownBy(() -> client.generate(request(2)))
          .isInstanceOf(AuthenticationException.class)
          .hasMessage("no usable token left for provider sandbox: #1 (…2222) removed (sandbox answered 401: Invalid token)");
    }
    assertThat(fake.submitCalls()).isEqualTo(1);
  }

  @Test
  void rateLimitedTokenCoolsDownForRetryAfterAndOthersTakeTheWork() {
    ManualClock clock = new ManualClock();
    TokenPool pool = TokenPool.of(GOOD_1, GOOD_2);
    FakeProvider fake = FakeProvider.builder().tokens(pool).build();
    fake.failNextSubmits(FakeProvider.Fault.rateLimited(Duration.ofSeconds(7)));
    try (GenerationClient client = GenerationClient.builder().provider(fake).scheduler(clock).outputs(OutputSink.files(dir)).build()) {
      GenerationResult r = client.generate(request(1));
      assertThat(r.job().status()).isEqualTo(JobStatus.SUCCEEDED);
      // The first token got the 429; the retry went at once to the second token.
      List<TokenStats> stats = pool.stats();
      assertThat(stats.get(0).state()).isEqualTo(TokenStats.State.COOLING_DOWN);
      assertThat(stats.get(0).coolingUntil()).contains(clock.now().plusSeconds(7));
      assertThat(stats.get(1).state()).isEqualTo(TokenStats.State.ACTIVE);
      assertThat(clock.delays()).isEmpty();
      assertThat(fake.submitCalls()).isEqualTo(2);
    }
  }

  @Test
  void withOneTokenTheRetryWaitsForRetryAfter() throws Exception {
    ManualClock clock = new ManualClock();
    TokenPool pool = TokenPool.of(GOOD_1);
    FakeProvider fake = FakeProvider.builder().tokens(pool).build();
    fake.failNextSubmits(FakeProvider.Fault.rateLimited(Duration.ofSeconds(7)));
    try (GenerationClient client = GenerationClient.builder().provider(fake).scheduler(clock).outputs(OutputSink.files(dir)).build()) {
      CompletableFuture<GenerationResult> f = client.generateAsync(request(1));
      clock.awaitPending(1, Duration.ofSeconds(5));
      assertThat(clock.delays()).containsExactly(Duration.ofSeconds(7));
      assertThat(fake.submitCalls()).isEqualTo(1);
      clock.advance(Duration.ofSeconds(6));
      assertThat(fake.submitCalls()).isEqualTo(1);
      clock.advance(Duration.ofSeconds(1));
      assertThat(f.get(5, TimeUnit.SECONDS).job().status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(fake.submitCalls()).isEqualTo(2);
    }
  }

  @Test
  void thousandConcurrentLeasesNeverExceedATokensLimit() throws Exception {
    TokenPool pool = TokenPool.of(GOOD_1, GOOD_2, BAD);
    TokenRegistry registry = TokenRegistry.of(pool);
    registry.bind("sandbox", RateLimits.of(50, Duration.ofMinutes(1), 0, Duration.ofMinutes(1)), new ManualClock(),
        GenerationListener.NONE, Runnable::run);
    int threads = 8;
    ExecutorService exec = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    ConcurrentLinkedQueue<TokenRegistry.Acquisition> granted = new ConcurrentLinkedQueue<>();
    java.util.Map<String, List<Long>> starts = new java.util.concurrent.ConcurrentHashMap<>();
    for (int t = 0; t < threads; t++) {
      exec.execute(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < 125; i++) {
          TokenRegistry.Acquisition a = registry.acquire(TokenRegistry.Kind.CREATE);
          while (a.lease == null) { // every token busy with its first (probe) call: ask again
            Thread.onSpinWait();
            a = registry.acquire(TokenRegistry.Kind.CREATE);
          }
          long at = System.nanoTime() + a.wait.toNanos();
          granted.add(a);
          starts.computeIfAbsent(a.lease.label(), k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(at);
          // Release at once so in-flight counts do not hide the rate limit (unverified tokens take one at a time).
          if (a.lease != null) a.lease.release(TokenRegistry.Outcome.OK, null, null);
        }
      });
    }
    go.countDown();
    exec.shutdown();
    assertThat(exec.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(granted).hasSize(1000);
    // Every lease is a permit at an instant (when asked + its wait): per token, no more than 50 in any minute.
    assertThat(starts).hasSize(3);
    for (List<Long> times : starts.values()) {
      times.sort(null);
      for (int i = 50; i < times.size(); i++) {
        // the 51st permit after any permit comes at least a minute later (50 ms for clock reads between threads)
        assertThat(times.get(i) - times.get(i - 50)).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(60) - TimeUnit.MILLISECONDS.toNanos(50));
      }
    }
    long leased = granted.stream().filter(a -> a.lease != null).count();
    assertThat(leased).isEqualTo(1000);
  }

  @Test
  void rateLimitHeadersRestAnExhaustedTokenAndSlowALowOne() {
    TokenPool pool = TokenPool.of(GOOD_1, GOOD_2);
    TokenRegistry registry = TokenRegistry.of(pool);
    ManualClock clock = new ManualClock();
    List<String> cooled = new CopyOnWriteArrayList<>();
    registry.bind("sandbox", RateLimits.of(600, Duration.ofMinutes(1), 0, Duration.ofMinutes(1)), clock,
        new GenerationListener() {
          @Override
          public void onTokenCooledDown(String provider, String token, Duration wait) {
            cooled.add(token + " " + wait);
          }
        }, Runnable::run);
    TokenRegistry.Acquisition first = registry.acquire(TokenRegistry.Kind.CREATE);
    String exhausted = first.lease.label();
    first.lease.quota(0, Duration.ofSeconds(6));
    first.lease.release(TokenRegistry.Outcome.OK, null, null);
    assertThat(cooled).containsExactly(exhausted + " PT6S");
    // While it rests, every lease goes to the other token, without a single 429.
    for (int i = 0; i < 5; i++) {
      TokenRegistry.Acquisition a = registry.acquire(TokenRegistry.Kind.CREATE);
      assertThat(a.lease.label()).isNotEqualTo(exhausted);
      // Three requests left in the next 30 s: that token slows to 6 a minute instead of 600.
      a.lease.quota(3, Duration.ofSeconds(30));
      a.lease.release(TokenRegistry.Outcome.OK, null, null);
    }
    List<Double> rates = registry.createRates();
    assertThat(rates).containsExactlyInAnyOrder(600.0, 6.0);
    clock.advance(Duration.ofSeconds(7));
    assertThat(registry.acquire(TokenRegistry.Kind.CREATE).lease.label()).isEqualTo(exhausted);
  }

  @Test
  void tokensCanBeDisabledAndEnabledAtRunTime() {
    TokenPool pool = TokenPool.of(GOOD_1, GOOD_2);
    FakeProvider fake = FakeProvider.builder().tokens(pool).build();
    try (GenerationClient client = GenerationClient.builder().provider(fake).outputs(OutputSink.files(dir)).build()) {
      pool.disable("#1");
      for (int i = 0; i < 5; i++) client.generate(request(i));
      assertThat(fake.tokenUse()).containsOnlyKeys(GOOD_2);
      pool.enable("#1");
      pool.disable("#2");
      client.generate(request(9));
      assertThat(fake.tokenUse().get(GOOD_1)).isEqualTo(1);
      pool.disable("#1");
      assertThatThrownBy(() -> client.generate(request(10))).isInstanceOf(AuthenticationException.class)
          .hasMessage("no usable token left for provider sandbox: #1 (…1111) disabled; #2 (…3333) disabled");
    }
  }

  @Test
  void toStringAndStatsNeverShowTheToken() {
    TokenPool pool = TokenPool.of(GOOD_1, GOOD_2);
    assertThat(pool.toString()).doesNotContain(GOOD_1).doesNotContain(GOOD_2)
        .isEqualTo("TokenPool{provider=?, tokens=[#1 (…1111) active, #2 (…3333) active]}");
    assertThat(pool.stats().toString()).doesNotContain(GOOD_1);
    assertThat(TokenPool.of("short").toString()).contains("#1 active").doesNotContain("short");
  }

  @Test
  void statsCountRequestsErrorsAndLastUse() {
    ManualClock clock = new ManualClock(Instant.parse("2026-02-02T00:00:00Z"));
    TokenPool pool = TokenPool.of(GOOD_1);
    FakeProvider fake = FakeProvider.builder().tokens(pool).build();
    fake.failNextSubmits(FakeProvider.Fault.status(503));
    try (GenerationClient client = GenerationClient.builder().provider(fake).scheduler(clock).outputs(OutputSink.files(dir)).build()) {
      CompletableFuture<GenerationResult> f = client.generateAsync(request(1));
      clock.awaitPending(1, Duration.ofSeconds(5));
      clock.advance(Duration.ofSeconds(1));
      f.join();
    }
    TokenStats s = pool.stats().get(0);
    assertThat(s.requests()).isEqualTo(2);
    assertThat(s.errors()).isEqualTo(1);
    assertThat(s.inFlight()).isZero();
    assertThat(s.lastUsed()).isPresent();
  }
}
