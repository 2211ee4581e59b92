package dev.pictor.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What happens on SIGINT (Ctrl-C) while a run is in progress: the run is marked interrupted so no
 * further item is submitted, the client is closed so the jobs in flight end up in its job store
 * (close waits for them up to its shutdown timeout and leaves the rest stored), and the handler
 * waits briefly for the run to print its summary. The JVM then exits with 130 (128 + SIGINT).
 *
 * <p>Installed as a shutdown hook for the run only; {@link #onSignal()} is what the hook calls,
 * and what tests call instead of sending a signal. Thread-safe.
 */
final class InterruptHandler {
  private final AtomicBoolean interrupted = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final AutoCloseable client;
  private final PrintStream err;
  private final long waitForSummaryMillis;
  private Thread hook;

  InterruptHandler(AutoCloseable client, PrintStream err, long waitForSummaryMillis) {
    this.client = client;
    this.err = err;
    this.waitForSummaryMillis = waitForSummaryMillis;
  }

  /** Registers the shutdown hook. */
  synchronized InterruptHandler install() {
    if (hook == null) {
      hook = new Thread(this::onSignal, "pictor-interrupt");
      Runtime.getRuntime().addShutdownHook(hook);
    }
    return this;
  }

  /** Removes the hook once the run is over (a no-op while the JVM is already shutting down). */
  synchronized void uninstall() {
    if (hook == null) return;
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: nothing to remove
    }
    hook = null;
  }

  /** The signal arrived: mark, close the client, let the run print what it has. */
  void onSignal() {
    if (!interrupted.compareAndSet(false, true)) return;
    err.println("pictor: interrupted; stopping (jobs in flight are kept in the job store)");
    try {
      client.close();
    } catch (Exception e) {
      err.println("pictor: closing the client failed: " + Errors.oneLine(String.valueOf(e.getMessage())));
    }
    try {
      finished.await(waitForSummaryMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the run was interrupted; the run then submits nothing more and exits 130. */
  boolean interrupted() {
    return interrupted.get();
  }

  /** The run printed its summary: the handler need not wait any longer. */
  void finished() {
    finished.countDown();
  }

  /** The exit code for a run that ended with {@code code}: 130 when interrupted. */
  int exitCode(int code) {
    return interrupted() ? Errors.INTERRUPTED : code;
  }
}
