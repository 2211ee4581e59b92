package dev.pictor.spi;

import java.time.Duration;

/**
 * A provider's documented request limits per token: creates, and every other request, each as
 * permits per period. Seeds every token's rate limiter. {@code 0} permits means unlimited.
 *
 * <pre>{@code
 * RateLimits replicate = RateLimits.of(600, Duration.ofMinutes(1), 3000, Duration.ofMinutes(1));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public record RateLimits(int createPermits, Duration createPeriod, int otherPermits, Duration otherPeriod) {
  public static RateLimits of(int createPermits, Duration createPeriod, int otherPermits, Duration otherPeriod) {
    return new RateLimits(createPermits, createPeriod, otherPermits, otherPeriod);
  }

  /** No limits. */
  public static RateLimits unlimited() {
    return new RateLimits(0, Duration.ofSeconds(1), 0, Duration.ofSeconds(1));
  }
}
