package dev.pictor.internal;

import com.squareup.moshi.Moshi;
import dev.failsafe.Failsafe;
import dev.pictor.AuthenticationException;
import dev.pictor.GenerationException;
import dev.pictor.GenerationListener;
import dev.pictor.Job;
import dev.pictor.RateLimitException;
import dev.pictor.RetryPolicy;
import dev.pictor.WebhookRejectedException;
import dev.pictor.spi.GenerationProvider;
import dev.pictor.spi.ProviderCall;
import dev.pictor.spi.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * One configured provider with its token pool and HTTP client, and the one way to call it: lease a
 * token (waiting for the rate limiter or a cooldown if need be), run the operation, release the
 * token with the outcome, and retry through Failsafe what the rules in {@link Backoff} allow.
 */
final class ProviderHandle {
  final GenerationProvider provider;
  final TokenRegistry tokens;
  final OkHttpClient http;
  private final Moshi moshi;
  private final Scheduler clock;
  private final Executor worker;
  private final FailsafeScheduler failsafeScheduler;
  private final RetryPolicy policy;
  private final GenerationListener listener;

  ProviderHandle(GenerationProvider provider, TokenRegistry tokens, OkHttpClient http, Moshi moshi, Scheduler clock,
      Executor worker, RetryPolicy policy, GenerationListener listener) {
    this.provider = provider;
    this.tokens = tokens;
    // A provider's API answers; it never sends us elsewhere. Followed, a redirect would trust another
    // host's answer and resend a create's body there (307/308), so a 3xx reaches the provider module,
    // which fails the call on it. Downloads of outputs use another client, which follows CDN redirects.
    this.http = http.newBuilder().followRedirects(false).followSslRedirects(false).build();
    this.moshi = moshi;
    this.clock = clock;
    this.worker = worker;
    this.failsafeScheduler = new FailsafeScheduler(clock, worker);
    this.policy = policy;
    this.listener = listener;
  }

  String id() {
    return provider.id();
  }

  /**
   * Which token a job is bound to: set by the create that succeeded, preferred by every later call
   * for the job (polls, cancel, reconcile), and kept in the store as the job's masked token label.
   */
  static final class Affinity {
    volatile String label;

    Affinity(String label) {
      this.label = label;
    }
  }

  /** Runs {@code op} with retries suited to a create ({@code create}) or a read. */
  <T> CompletableFuture<T> call(boolean create, Supplier<Job> job, Function<ProviderCall, CompletableFuture<T>> op) {
    return call(create, job, op, null);
  }

  /** As {@link #call(boolean, Supplier, Function)}, on the job's token when {@code affinity} names one. */
  <T> CompletableFuture<T> call(boolean create, Supplier<Job> job, Function<ProviderCall, CompletableFuture<T>> op,
      Affinity affinity) {
    // 429s have their own budget: a throttled call was not processed, so waiting it out is safe.
    int[] failures = new int[2]; // [0] ordinary, [1] rate limited
    dev.failsafe.RetryPolicy<T> retry = dev.failsafe.RetryPolicy.<T>builder()
        .handleIf((r, e) -> e != null && retryable(create, unwrap(e), failures))
        .withMaxAttempts(policy.maxAttempts() + policy.rateLimitRetries())
        .withDelayFn(ctx -> delay(ctx.getAttemptCount(), unwrap(ctx.getLastException())))
        .onRetryScheduled(ev -> {
          Throwable cause = unwrap(ev.getLastException());
          Job j = job.get();
          if (cause instanceof GenerationException && j != null) {
            listener.onRetried(j, ev.getAttemptCount(), (GenerationException) cause, ev.getDelay());
          }
        })
        .build();
    TokenRegistry.Kind kind = create ? TokenRegistry.Kind.CREATE : TokenRegistry.Kind.OTHER;
    return Failsafe.with(retry).with(failsafeScheduler).getStageAsync(ctx -> {
      CompletableFuture<T> attempt = new CompletableFuture<>();
      ctx.onCancel(() -> attempt.cancel(true));
      acquire(kind, ctx.getAttemptCount() + 1, op, attempt, affinity);
      return attempt;
    });
  }

  private boolean retryable(boolean create, Throwable e, int[] failures) {
    boolean allowed = create ? Backoff.retryCreate(e, tokens.hasUsableToken()) : Backoff.retryRead(e, tokens.hasUsableToken());
    if (!allowed) return false;
    if (e instanceof RateLimitException && failures[1] < policy.rateLimitRetries()) {
      failures[1]++;
      return true;
    }
    return ++failures[0] < policy.maxAttempts();
  }

  /**
   * A 429 without {@code Retry-After} on a provider with tokens goes again at once: the token's
   * cooldown and lowered rate pace it. Everything else follows {@link Backoff#delay}.
   */
  private java.time.Duration delay(int retry, Throwable e) {
    if (e instanceof RateLimitException && ((RateLimitException) e).retryAfter().isEmpty() && tokens.size() > 0) {
      return java.time.Duration.ZERO;
    }
    return Backoff.delay(policy, retry, e, otherTokenReady(), () -> ThreadLocalRandom.current().nextDouble());
  }

  private boolean otherTokenReady() {
    return tokens.size() > 0 && tokens.hasReadyToken();
  }

  private <T> void acquire(TokenRegistry.Kind kind, int attemptNo, Function<ProviderCall, CompletableFuture<T>> op,
      CompletableFuture<T> out, Affinity affinity) {
    if (out.isDone()) return;
    TokenRegistry.Acquisition a;
    try {
      // A create picks freely (and binds the job to its token); later calls for the job prefer that token.
      String preferred = affinity == null || kind == TokenRegistry.Kind.CREATE ? null : affinity.label;
      a = tokens.acquire(kind, () -> worker.execute(() -> acquire(kind, attemptNo, op, out, affinity)), preferred);
    } catch (AuthenticationException e) {
      out.completeExceptionally(e);
      return;
    }
    if (a.lease == null && a.wait == null) {
      return; // woken when a busy token is released
    }
    if (a.lease == null) {
      clock.schedule(() -> worker.execute(() -> acquire(kind, attemptNo, op, out, affinity)), a.wait);
    } else if (a.wait.isZero() || a.wait.isNegative()) {
      invoke(a.lease, attemptNo, op, out, affinity);
    } else {
      clock.schedule(() -> worker.execute(() -> {
        if (a.lease.stale()) { // the rate dropped while this call waited: take a permit at the new pace
          a.lease.release(TokenRegistry.Outcome.UNUSED, null, null);
          acquire(kind, attemptNo, op, out, affinity);
        } else {
          invoke(a.lease, attemptNo, op, out, affinity);
        }
      }), a.wait);
    }
  }

  private <T> void invoke(TokenRegistry.Lease lease, int attemptNo, Function<ProviderCall, CompletableFuture<T>> op,
      CompletableFuture<T> out, Affinity affinity) {
    // Bound before the call: a create that fails ambiguously is reconciled with the token that sent it.
    if (affinity != null && lease.secret() != null) affinity.label = lease.label();
    if (out.isDone()) {
      lease.release(TokenRegistry.Outcome.OK, null, null);
      return;
    }
    CompletableFuture<T> stage;
    try {
      stage = op.apply(new Call(lease, attemptNo));
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<T> running = stage;
    out.whenComplete((r, e) -> {
      if (out.isCancelled()) running.cancel(true);
    });
    running.whenComplete((r, e) -> {
      Throwable cause = unwrap(e);
      if (cause == null) {
        lease.release(TokenRegistry.Outcome.OK, null, null);
        out.complete(r);
        return;
      }
      if (cause instanceof RateLimitException) {
        Duration ra = ((RateLimitException) cause).retryAfter().map(d -> Backoff.cap(d, policy.maxRetryAfter())).orElse(null);
        lease.release(TokenRegistry.Outcome.RATE_LIMITED, ra, null);
      } else if (cause instanceof AuthenticationException) {
        lease.release(TokenRegistry.Outcome.REJECTED, null, cause.getMessage());
      } else if (cause instanceof WebhookRejectedException) {
        lease.release(TokenRegistry.Outcome.OK, null, null); // a refused delivery says nothing against the token
      } else {
        lease.release(TokenRegistry.Outcome.ERROR, null, null);
      }
      out.completeExceptionally(cause);
    });
  }

  static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  private final class Call implements ProviderCall {
    private final TokenRegistry.Lease lease;
    private final int attempt;

    Call(TokenRegistry.Lease lease, int attempt) {
      this.lease = lease;
      this.attempt = attempt;
    }

    @Override public String token() { return lease.secret(); }
    @Override public String tokenLabel() { return lease.label(); }
    @Override public OkHttpClient http() { return http; }
    @Override public Moshi moshi() { return moshi; }
    @Override public Scheduler clock() { return clock; }
    @Override public int attempt() { return attempt; }
    @Override public void reportQuota(long remaining, java.time.Duration resetsIn) { lease.quota(remaining, resetsIn); }
    @Override public String toString() { return "ProviderCall{" + provider.id() + ", token " + lease.label() + ", attempt " + attempt + "}"; }
  }
}
