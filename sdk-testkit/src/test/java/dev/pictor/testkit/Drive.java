package dev.pictor.testkit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Advances a manual clock until a future completes, step by step, synchronising with engine threads. */
final class Drive {
  private Drive() {}

  static <T> CompletableFuture<T> until(ManualClock clock, CompletableFuture<T> f, Duration step) throws Exception {
    for (int i = 0; i < 1000 && !f.isDone(); i++) {
      try {
        f.get(20, TimeUnit.MILLISECONDS);
        break;
      } catch (java.util.concurrent.TimeoutException notYet) {
        if (clock.pending() > 0) clock.advance(step);
      } catch (java.util.concurrent.ExecutionException done) {
        break;
      }
    }
    return f;
  }
}
