package dev.pictor.testkit;

import dev.pictor.spi.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Scheduler} whose time moves only when a test says so: {@link #advance} runs the tasks that
 * fall due, in order, on the calling thread. It records every delay asked of it, so backoff and
 * {@code Retry-After} can be asserted without sleeping. Thread-safe.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
 * GenerationClient client = GenerationClient.builder().provider(fake).scheduler(clock).build();
 * clock.awaitPending(1, Duration.ofSeconds(5));   // the engine has scheduled its next step
 * clock.advance(Duration.ofSeconds(2));
 * assertThat(clock.delays()).containsExactly(Duration.ofSeconds(2));
 * }</pre>
 */
public final class ManualClock implements Scheduler {
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private final List<Duration> delays = new ArrayList<>();
  private final AtomicLong sequence = new AtomicLong();
  private Instant now;

  public ManualClock(Instant start) {
    this.now = start;
  }

  /** Starts at 2026-01-01T00:00:00Z. */
  public ManualClock() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  @Override
  public synchronized Future<?> schedule(Runnable task, Duration delay) {
    delays.add(delay);
    Task t = new Task(now.plus(delay.isNegative() ? Duration.ZERO : delay), sequence.incrementAndGet(), task);
    tasks.add(t);
    notifyAll();
    return t.future;
  }

  /** Moves time forward, running every task that falls due (including ones they schedule) in time order. */
  public void advance(Duration by) {
    Instant target;
    synchronized (this) {
      target = now.plus(by);
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.at.isAfter(target)) {
          now = target;
          return;
        }
        tasks.poll();
        if (next.at.isAfter(now)) now = next.at;
      }
      next.future.run();
    }
  }

  /** Every delay asked of this clock so far, in order. */
  public synchronized List<Duration> delays() {
    return Collections.unmodifiableList(new ArrayList<>(delays));
  }

  /** How many tasks wait to fall due (cancelled ones included until they are reached). */
  public synchronized int pending() {
    int n = 0;
    for (Task t : tasks) if (!t.future.isCancelled()) n++;
    return n;
  }

  /**
   * Waits, in real time, until at least {@code count} tasks are pending: lets a test synchronise with
   * engine threads before advancing.
   *
   * @throws AssertionError when it does not happen within {@code timeout}
   */
  public synchronized void awaitPending(int count, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (pending() < count) {
      long left = end - System.nanoTime();
      if (left <= 0) throw new AssertionError("expected " + count + " scheduled tasks, have " + pending());
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  @Override
  public synchronized String toString() {
    return "ManualClock{" + now + ", " + pending() + " pending}";
  }

  private static final class Task implements Comparable<Task> {
    final Instant at;
    final long seq;
    final FutureTask<Void> future;

    Task(Instant at, long seq, Runnable r) {
      this.at = at;
      this.seq = seq;
      this.future = new FutureTask<>(r, null);
    }

    @Override
    public int compareTo(Task o) {
      int c = at.compareTo(o.at);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }
}
