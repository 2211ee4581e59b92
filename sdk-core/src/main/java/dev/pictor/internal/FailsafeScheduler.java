package dev.pictor.internal;

import dev.pictor.spi.Scheduler;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lets Failsafe's async retries run on the client's time source and worker executor: delays go
 * through the {@link Scheduler} (so a manual clock drives them in tests), work runs on the executor.
 */
final class FailsafeScheduler implements dev.failsafe.spi.Scheduler {
  private final Scheduler clock;
  private final Executor worker;

  FailsafeScheduler(Scheduler clock, Executor worker) {
    this.clock = clock;
    this.worker = worker;
  }

  @Override
  public ScheduledFuture<?> schedule(Callable<?> callable, long delay, TimeUnit unit) {
    FutureTask<Object> task = new FutureTask<>(callable::call);
    Future<?> timer = null;
    if (delay <= 0) {
      worker.execute(task);
    } else {
      timer = clock.schedule(() -> worker.execute(task), Duration.ofNanos(unit.toNanos(delay)));
    }
    return new Handle(task, timer);
  }

  private static final class Handle implements ScheduledFuture<Object> {
    private final FutureTask<Object> task;
    private final Future<?> timer;

    Handle(FutureTask<Object> task, Future<?> timer) {
      this.task = task;
      this.timer = timer;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(Delayed o) {
      return 0;
    }

    @Override
    public boolean cancel(boolean mayInterrupt) {
      if (timer != null) timer.cancel(false);
      return task.cancel(mayInterrupt);
    }

    @Override
    public boolean isCancelled() {
      return task.isCancelled();
    }

    @Override
    public boolean isDone() {
      return task.isDone();
    }

    @Override
    public Object get() throws InterruptedException, ExecutionException {
      return task.get();
    }

    @Override
    public Object get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
      return task.get(timeout, unit);
    }
  }
}
