package dev.pictor.spi;

import dev.pictor.internal.SystemScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;

/**
 * The client's source of time: the current instant and delayed tasks (poll waits, retry backoff,
 * cooldowns). Production uses {@link #system()}; tests use the testkit's {@code ManualClock}, so no
 * test ever sleeps. Implementations must be thread-safe.
 */
public interface Scheduler {
  /** The current instant. */
  Instant now();

  /** Runs {@code task} once after {@code delay}; cancelling the future stops it if it has not run. */
  Future<?> schedule(Runnable task, Duration delay);

  /** The wall clock and one daemon timer thread; tasks are handed to the client's executor. */
  static Scheduler system() {
    return SystemScheduler.INSTANCE;
  }
}
