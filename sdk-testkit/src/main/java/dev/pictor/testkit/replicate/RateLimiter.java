package dev.pictor.testkit.replicate;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per API token: a request takes one permit from every bucket of its kind or is
 * refused with the seconds until it could pass. Time comes from the simulator's clock. Thread-safe.
 */
final class RateLimiter {
  /** A bucket shape: {@code perSecond} permits refill each second, up to {@code burst}. */
  record Limit(double perSecond, double burst) {
    Limit {
      if (!(perSecond > 0) || !(burst >= 1)) throw new IllegalArgumentException("a limit needs perSecond > 0 and burst >= 1");
    }
  }

  private final Clock clock;
  private final List<Limit> limits;
  private final Map<String, Bucket[]> buckets = new ConcurrentHashMap<>();

  RateLimiter(Clock clock, List<Limit> limits) {
    this.clock = clock;
    this.limits = List.copyOf(limits);
  }

  /** Takes a permit for {@code token}; returns 0 when granted, else the whole seconds (at least 1) to wait. */
  long acquire(String token) {
    Bucket[] mine = buckets.computeIfAbsent(token, t -> {
      Bucket[] b = new Bucket[limits.size()];
      for (int i = 0; i < b.length; i++) b[i] = new Bucket(limits.get(i), clock.millis());
      return b;
    });
    synchronized (mine) {
      long now = clock.millis();
      double waitMillis = 0;
      for (Bucket b : mine) waitMillis = Math.max(waitMillis, b.millisToPermit(now));
      if (waitMillis > 0) return Math.max(1, (long) Math.ceil((waitMillis - 1e-6) / 1000.0)); // 1e-6: float noise
      for (Bucket b : mine) b.permits -= 1;
      return 0;
    }
  }

  private static final class Bucket {
    final Limit limit;
    double permits;
    long updated;

    Bucket(Limit limit, long now) {
      this.limit = limit;
      this.permits = limit.burst();
      this.updated = now;
    }

    double millisToPermit(long now) {
      if (now > updated) {
        permits = Math.min(limit.burst(), permits + (now - updated) / 1000.0 * limit.perSecond());
        updated = now;
      }
      return permits >= 1 - 1e-9 ? 0 : (1 - permits) / limit.perSecond() * 1000.0;
    }
  }
}
