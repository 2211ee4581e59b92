package dev.pictor.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a batch's progress: a bar on standard error with done/total, failures and spend, when a
 * person is at a terminal. Thread-safe.
 */
interface Progress extends AutoCloseable {
  /** The batch's counts changed: the bar shows done/total, failures and spend. */
  void update(dev.pictor.BatchProgress progress);

  @Override
  void close();

  /** A bar when {@code terminal} and not {@code json}, else nothing at all. */
  static Progress of(Context ctx, boolean json, String task, int items) {
    if (!ctx.terminal() || json) return none();
    return bar(ctx.err(), task, items);
  }

  static Progress none() {
    return new Progress() {
      @Override public void update(dev.pictor.BatchProgress progress) {}
      @Override public void close() {}
    };
  }

  /** A bar drawn on {@code err}. */
  static Progress bar(PrintStream err, String task, int items) {
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(items)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(200)
        .setConsumer(new ConsoleProgressBarConsumer(err))
        .build();
    return new Progress() {
      @Override
      public void update(dev.pictor.BatchProgress p) {
        bar.stepTo(p.done());
        bar.setExtraMessage(" " + (p.failed() + p.canceled()) + " not ok, spent " + p.spent());
      }

      @Override public void close() { bar.close(); }
    };
  }
}
