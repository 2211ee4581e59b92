package dev.pictor.testkit.openai;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OpenAI's request budget per API key: a bucket of {@code perMinute} requests refilling continuously,
 * as OpenAI describes its limits. Every answer reports the budget in the {@code x-ratelimit-*}
 * headers: the limit, what remains, and the time until the bucket is full again (a Go duration such
 * as {@code 6m0s} or {@code 20ms}). Time comes from the simulator's clock. Thread-safe.
 */
final class Limiter {
  /** What one request found: whether it got a permit, the permits left and the waits, in milliseconds. */
  record Reading(boolean granted, long limit, long remaining, long resetMillis, long retryAfterMillis) {}

  private final Clock clock;
  private final long perMinute;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  Limiter(Clock clock, long perMinute) {
    this.clock = clock;
    this.perMinute = perMinute;
  }

  /** Takes a permit for {@code key} if one is left. */
  Reading take(String key) {
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(perMinute, clock.millis()));
    synchronized (b) {
      long now = clock.millis();
      b.refill(now, perMinute);
      boolean granted = b.permits >= 1 - 1e-9;
      if (granted) b.permits -= 1;
      double perMilli = perMinute / 60_000.0;
      long reset = (long) Math.ceil((perMinute - b.permits) / perMilli);
      long retry = granted ? 0 : (long) Math.ceil((1 - b.permits) / perMilli);
      return new Reading(granted, perMinute, (long) Math.floor(b.permits + 1e-9), reset, retry);
    }
  }

  /** A duration as Go prints it, which is how OpenAI writes its reset headers: {@code 1h2m3.5s}, {@code 6m0s}, {@code 1s}, {@code 20ms}. */
  static String goDuration(long millis) {
    if (millis <= 0) return "0s";
    if (millis < 1000) return millis + "ms";
    long hours = millis / 3_600_000;
    long minutes = millis / 60_000 % 60;
    long ms = millis % 60_000;
    StringBuilder sb = new StringBuilder();
    if (hours > 0) sb.append(hours).append('h');
    if (hours > 0 || minutes > 0) sb.append(minutes).append('m');
    sb.append(ms / 1000);
    long frac = ms % 1000;
    if (frac > 0) {
      String f = String.format(java.util.Locale.ROOT, "%03d", frac);
      sb.append('.').append(f.replaceAll("0+$", ""));
    }
    return sb.append('s').toString();
  }

  private static final class Bucket {
    double permits;
    long updated;

    Bucket(long perMinute, long now) {
      this.permits = perMinute;
      this.updated = now;
    }

    void refill(long now, long perMinute) {
      if (now > updated) {
        permits = Math.min(perMinute, permits + (now - updated) * (perMinute / 60_000.0));
        updated = now;
      }
    }
  }
}
