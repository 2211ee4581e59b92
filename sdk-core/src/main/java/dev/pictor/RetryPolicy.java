package dev.pictor;

import java.time.Duration;
import java.util.Objects;

/**
 * How failed provider requests are tried again: up to {@link #maxAttempts()} attempts with
 * exponential backoff from {@link #initialDelay()} doubling up to {@link #maxDelay()}, each delay
 * spread by &plusmn;{@link #jitter()}, and a provider's {@code Retry-After} honoured up to
 * {@link #maxRetryAfter()}. Immutable and thread-safe.
 *
 * <p>Which failures are retried is fixed by what is safe, not configurable: reads (status polls,
 * downloads) on network errors, 408, 429 and 5xx; a create only where it provably did not reach the
 * provider (a connect failure, 429, 502, 503, or a token the provider refused while other tokens
 * remain). An ambiguous create failure is never resent: the job becomes {@link JobStatus#UNKNOWN} and
 * is reconciled with the provider.
 *
 * <pre>{@code
 * RetryPolicy patient = RetryPolicy.builder().maxAttempts(6).backoff(Duration.ofSeconds(1), Duration.ofSeconds(60)).build();
 * }</pre>
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULTS = builder().build();

  private final int maxAttempts;
  private final Duration initialDelay;
  private final Duration maxDelay;
  private final double jitter;
  private final Duration maxRetryAfter;
  private final int rateLimitRetries;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialDelay = b.initialDelay;
    this.maxDelay = b.maxDelay;
    this.jitter = b.jitter;
    this.maxRetryAfter = b.maxRetryAfter;
    this.rateLimitRetries = b.rateLimitRetries;
  }

  /** 4 attempts, 500 ms doubling to 30 s, jitter 0.2, {@code Retry-After} honoured up to 2 minutes. */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** One attempt, no retries. */
  public static RetryPolicy none() {
    return builder().maxAttempts(1).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxAttempts = maxAttempts;
    b.initialDelay = initialDelay;
    b.maxDelay = maxDelay;
    b.jitter = jitter;
    b.maxRetryAfter = maxRetryAfter;
    b.rateLimitRetries = rateLimitRetries;
    return b;
  }

  /** Attempts in all, the first included. */
  public int maxAttempts() { return maxAttempts; }
  public Duration initialDelay() { return initialDelay; }
  public Duration maxDelay() { return maxDelay; }
  /** The fraction by which each delay is randomly shortened or lengthened, from 0 to 1. */
  public double jitter() { return jitter; }
  /** The longest {@code Retry-After} honoured; a longer one is cut to this. */
  public Duration maxRetryAfter() { return maxRetryAfter; }
  /**
   * How many 429s one call may wait out, on top of {@link #maxAttempts()}: a throttled call was not
   * processed, and the token it hit slows down, so waiting is safe and a throttled batch finishes
   * instead of failing. Default 30.
   */
  public int rateLimitRetries() { return rateLimitRetries; }

  /**
   * The delay before retry number {@code retry} (1 for the first retry) without jitter:
   * {@code min(initialDelay * 2^(retry-1), maxDelay)}.
   */
  public Duration backoffFor(int retry) {
    if (retry < 1) throw new IllegalArgumentException("retry < 1: " + retry);
    long base = initialDelay.toNanos();
    double d = base * Math.pow(2, retry - 1);
    return d >= maxDelay.toNanos() ? maxDelay : Duration.ofNanos((long) d);
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts=" + maxAttempts + ", backoff=" + initialDelay + ".." + maxDelay
        + ", jitter=" + jitter + ", maxRetryAfter=" + maxRetryAfter + ", rateLimitRetries=" + rateLimitRetries + "}";
  }

  /** Builds a {@link RetryPolicy}. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = 4;
    private Duration initialDelay = Duration.ofMillis(500);
    private Duration maxDelay = Duration.ofSeconds(30);
    private double jitter = 0.2;
    private Duration maxRetryAfter = Duration.ofMinutes(2);
    private int rateLimitRetries = 30;

    private Builder() {}

    public Builder maxAttempts(int attempts) {
      if (attempts < 1 || attempts > 100) {
        throw new IllegalArgumentException("maxAttempts = " + attempts + " must be from 1 to 100");
      }
      this.maxAttempts = attempts;
      return this;
    }

    public Builder backoff(Duration initial, Duration max) {
      Objects.requireNonNull(initial, "initial == null");
      Objects.requireNonNull(max, "max == null");
      if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("backoff must satisfy 0 < initial <= max; got " + initial + ", " + max);
      }
      this.initialDelay = initial;
      this.maxDelay = max;
      return this;
    }

    public Builder jitter(double factor) {
      if (!(factor >= 0 && factor <= 1)) throw new IllegalArgumentException("jitter = " + factor + " must be from 0 to 1");
      this.jitter = factor;
      return this;
    }

    public Builder maxRetryAfter(Duration max) {
      if (max.isNegative()) throw new IllegalArgumentException("maxRetryAfter < 0: " + max);
      this.maxRetryAfter = max;
      return this;
    }

    /** 429s one call may wait out beyond {@code maxAttempts}; 0 counts them as ordinary attempts. */
    public Builder rateLimitRetries(int retries) {
      if (retries < 0 || retries > 1000) throw new IllegalArgumentException("rateLimitRetries = " + retries + " must be from 0 to 1000");
      this.rateLimitRetries = retries;
      return this;
    }

    public RetryPolicy build() {
      return new RetryPolicy(this);
    }
  }
}
