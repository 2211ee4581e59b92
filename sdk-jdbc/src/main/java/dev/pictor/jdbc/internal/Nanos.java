package dev.pictor.jdbc.internal;

import java.time.Instant;

/**
 * Instants as nanoseconds since the epoch in one BIGINT column. The core writes nanosecond instants
 * and compares records for equality, so a TIMESTAMP column (microseconds in PostgreSQL) would not do;
 * one number also keeps range conditions and the {@code created_at_ns DESC, id DESC} order on one
 * index column. The price is the range: 1677-09-21 to 2262-04-11.
 */
public final class Nanos {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /** The first and last instants a column can hold. */
  public static final Instant MIN = instant(Long.MIN_VALUE);
  public static final Instant MAX = instant(Long.MAX_VALUE);

  private Nanos() {}

  /**
   * {@code t} in nanoseconds.
   *
   * @throws IllegalArgumentException naming {@code field} when {@code t} is outside {@link #MIN} to
   *     {@link #MAX}
   */
  public static long of(Instant t, String field) {
    long seconds = t.getEpochSecond();
    int nanos = t.getNano();
    try {
      if (seconds < 0 && nanos > 0) { // so that the earliest instants do not overflow on the way
        return Math.addExact(Math.multiplyExact(seconds + 1, NANOS_PER_SECOND), nanos - NANOS_PER_SECOND);
      }
      return Math.addExact(Math.multiplyExact(seconds, NANOS_PER_SECOND), nanos);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          field + " " + t + " is outside what a JdbcJobStore can hold (" + MIN + " to " + MAX + ")");
    }
  }

  /** {@code t} in nanoseconds, or null for null. */
  public static Long ofNullable(Instant t, String field) {
    return t == null ? null : of(t, field);
  }

  public static Instant instant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
  }
}
