package dev.pictor.testkit.runpod;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets, one per (API key, endpoint) for one kind of operation: a request takes a permit or
 * is refused. RunPod documents its limits as requests per 10 seconds per user per endpoint; a bucket
 * holding a 10 s burst and refilling a tenth of it each second is the closest steady shape. Time
 * comes from the simulator's clock, so a fixed clock never refills. Thread-safe.
 */
final class RateLimiter {
  /** A bucket shape: {@code perSecond} permits refill each second, up to {@code burst}. */
  record Limit(double perSecond, double burst) {
    Limit {
      if (!(perSecond > 0) || !(burst >= 1)) {
        throw new IllegalArgumentException("a limit needs perSecond > 0 and burst >= 1, was " + perSecond + "/" + burst);
      }
    }

    /** RunPod's way of writing a limit: {@code requests} per {@code seconds}. */
    static Limit per(int requests, int seconds) {
      return new Limit(requests / (double) seconds, requests);
    }

    @Override
    public String toString() {
      return burst + " burst, " + perSecond + "/s";
    }
  }

  private final Clock clock;
  private final Limit limit;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimiter(Clock clock, Limit limit) {
    this.clock = clock;
    this.limit = limit;
  }

  Limit limit() {
    return limit;
  }

  /** Takes a permit for {@code bucketKey}; returns whether it was granted. */
  boolean acquire(String bucketKey) {
    Bucket bucket = buckets.computeIfAbsent(bucketKey, k -> new Bucket(limit, clock.millis()));
    synchronized (bucket) {
      return bucket.take(clock.millis());
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

    boolean take(long now) {
      if (now > updated) {
        permits = Math.min(limit.burst(), permits + (now - updated) / 1000.0 * limit.perSecond());
        updated = now;
      }
      if (permits < 1 - 1e-9) return false; // 1e-9: float noise
      permits -= 1;
      return true;
    }
  }
}
