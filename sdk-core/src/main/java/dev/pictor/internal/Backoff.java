package dev.pictor.internal;

import dev.pictor.AuthenticationException;
import dev.pictor.GenerationException;
import dev.pictor.ProviderException;
import dev.pictor.RateLimitException;
import dev.pictor.RetryPolicy;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The retry rules: which failures are retried for creates and for reads, and how long to wait.
 * Pure functions of their inputs (the random source is passed in), so tests check them exactly.
 */
public final class Backoff {
  private Backoff() {}

  /** Whether a failed create may be sent again: only where it provably did not reach the provider. */
  public static boolean retryCreate(Throwable e, boolean otherTokenUsable) {
    if (e instanceof AuthenticationException) return otherTokenUsable;
    if (e instanceof RateLimitException) return true;
    if (e instanceof ProviderException) {
      ProviderException p = (ProviderException) e;
      return p.retryable() && p.reachedProvider() == ProviderException.Reach.NOT_REACHED;
    }
    return false;
  }

  /** Whether a failed create may have reached the provider: it must be reconciled, never resent. */
  public static boolean ambiguous(Throwable e) {
    return e instanceof ProviderException && !(e instanceof RateLimitException)
        && ((ProviderException) e).reachedProvider() == ProviderException.Reach.AMBIGUOUS;
  }

  /** Whether a failed read (poll, cancel, download) may be tried again. */
  public static boolean retryRead(Throwable e, boolean otherTokenUsable) {
    if (e instanceof AuthenticationException) return otherTokenUsable;
    return e instanceof GenerationException && ((GenerationException) e).retryable();
  }

  /**
   * The wait before retry number {@code retry} (1 for the first). A 429 waits for its
   * {@code Retry-After} capped by the policy, or not at all when another token can take the call (the
   * limited token is cooling down); a refused token is replaced at once; anything else backs off
   * exponentially, spread by the policy's jitter: {@code base * (1 + jitter * (2u - 1))}, u in [0, 1).
   */
  public static Duration delay(RetryPolicy policy, int retry, Throwable e, boolean otherTokenUsable, DoubleSupplier random) {
    if (e instanceof AuthenticationException) return Duration.ZERO;
    if (e instanceof RateLimitException) {
      if (otherTokenUsable) return Duration.ZERO;
      Duration ra = ((RateLimitException) e).retryAfter().orElse(null);
      if (ra != null) return cap(ra, policy.maxRetryAfter());
    }
    return jittered(policy.backoffFor(retry), policy.jitter(), random.getAsDouble());
  }

  static Duration jittered(Duration base, double jitter, double u) {
    double factor = 1 + jitter * (2 * u - 1);
    return Duration.ofNanos(Math.max(0, (long) (base.toNanos() * factor)));
  }

  public static Duration cap(Duration d, Duration max) {
    return d.compareTo(max) > 0 ? max : d;
  }

  /**
   * The adaptive poll wait after {@code polls} polls: {@code initial * 1.5^polls} up to {@code max},
   * with &plusmn;10% jitter.
   */
  public static Duration pollDelay(Duration initial, Duration max, int polls, double u) {
    double d = initial.toNanos() * Math.pow(1.5, Math.min(polls, 40));
    Duration base = d >= max.toNanos() ? max : Duration.ofNanos((long) d);
    return jittered(base, 0.1, u);
  }
}
