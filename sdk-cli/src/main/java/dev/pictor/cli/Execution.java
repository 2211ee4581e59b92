package dev.pictor.cli;

import dev.pictor.Batch;
import dev.pictor.BatchEstimate;
import dev.pictor.BatchListener;
import dev.pictor.BatchProgress;
import dev.pictor.BatchResult;
import dev.pictor.GenerationClient;
import dev.pictor.Money;
import dev.pictor.OutputSink;
import dev.pictor.spi.JobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What {@code generate}, {@code batch} and {@code variants} share once their plan is made: validate
 * every item, estimate, run as one batch of the core (bounded window, budget, events for the
 * progress bar), export a ZIP when asked, print, and pick the exit code.
 */
final class Execution {
  /** The layout of output files under {@code --out}. */
  static final String LAYOUT = "{job}-{n}.{ext}";
  /** How long the hook waits for the summary to print after an interruption. */
  private static final long SUMMARY_WAIT_MILLIS = 3_000;

  /** How to run: where outputs go, how many in flight, the budget, the ZIP, and what to print. */
  record Settings(Path out, int concurrency, BigDecimal budgetUsd, boolean estimateOnly, boolean json,
      boolean resendUnknown, String task, Path zip) {
    Settings(Path out, int concurrency, BigDecimal budgetUsd, boolean estimateOnly, boolean json, boolean resendUnknown,
        String task) {
      this(out, concurrency, budgetUsd, estimateOnly, json, resendUnknown, task, null);
    }
  }

  private Execution() {}

  static int run(Context ctx, ProviderFactory.Selection sel, CommonOptions o, Plan plan, Settings s) {
    if (Files.exists(s.out()) && !Files.isDirectory(s.out())) {
      throw new UsageException("--out " + s.out() + " is a file; give a directory");
    }
    // An estimate sends nothing and keeps nothing: no store is opened for it.
    Stores.Opened store = s.estimateOnly() ? new Stores.Opened(JobStore.inMemory(), "memory") : Stores.open(o.store, ctx);
    GenerationClient client = GenerationClient.builder()
        .provider(sel.provider())
        .jobStore(store.store())
        .outputs(OutputSink.files(s.out(), LAYOUT))
        .resendUnknown(s.resendUnknown())
        .shutdownTimeout(Duration.ofSeconds(5))
        .build();
    try {
      plan.validate(client);
      BatchEstimate estimate = plan.estimate(client);
      BigDecimal estimateUsd = usd(estimate);
      if (s.estimateOnly()) {
        if (s.json()) ctx.out().println(SummaryWriter.json(Summary.estimateOnly(plan.size(), estimateUsd)));
        else ctx.out().println(SummaryWriter.estimate(plan.size(), plan.model(), estimateUsd));
        return Errors.OK;
      }
      if (s.budgetUsd() != null && estimateUsd == null) {
        throw new UsageException("model " + plan.model() + " has no price in the catalogue, so --budget $"
            + s.budgetUsd().toPlainString() + " cannot be kept; nothing was submitted");
      }
      String batchId = "batch_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 20);
      // Recorded before the batch starts, so a run killed at any point can be resumed with its settings.
      RunRecords.Run run = store.durable()
          ? RunRecords.start(store.store(), "run_" + batchId.substring(6), sel, o, s.resendUnknown(), batchId, java.time.Instant.now())
          : null;
      return execute(ctx, client, plan, s, estimateUsd, batchId, run, store.store());
    } finally {
      client.close();
      store.close();
    }
  }

  private static BigDecimal usd(BatchEstimate e) {
    return e.total().filter(m -> m.currency().equals("USD")).map(m -> new Money(m.amount(), "USD").amount()).orElse(null);
  }

  private static int execute(Context ctx, GenerationClient client, Plan plan, Settings s, BigDecimal estimate,
      String batchId, RunRecords.Run run, JobStore store) {
    InterruptHandler interrupts = new InterruptHandler(client, ctx.err(), SUMMARY_WAIT_MILLIS).install();
    try {
      long start = System.nanoTime();
      BatchResult result;
      Batch batch;
      try (Progress progress = Progress.of(ctx, s.json(), s.task(), plan.size())) {
        BatchListener listener = new BatchListener() {
          @Override
          public void onProgress(Batch b, BatchProgress p) {
            progress.update(p);
          }
        };
        Money budget = s.budgetUsd() == null ? null : new Money(s.budgetUsd(), "USD");
        batch = plan.start(client, batchId, s.concurrency(), budget, listener);
        result = await(batch, interrupts);
        if (run != null && !interrupts.interrupted()) RunRecords.finish(store, run, java.time.Instant.now());
      }
      if (s.zip() != null && !interrupts.interrupted()) export(batch, s.zip());
      Summary summary = Summary.of(result, (System.nanoTime() - start) / 1_000_000, estimate, s.zip());
      if (s.json()) ctx.out().println(SummaryWriter.json(summary));
      else SummaryWriter.human(summary, ctx.out());
      ctx.out().flush();
      return interrupts.exitCode(summary.allSucceeded() ? Errors.OK : Errors.SOME_FAILED);
    } finally {
      interrupts.finished();
      interrupts.uninstall();
    }
  }

  /** Waits for the batch; after an interruption, what it reached by then. */
  static BatchResult await(Batch batch, InterruptHandler interrupts) {
    CompletableFuture<BatchResult> done = batch.awaitAsync();
    while (true) {
      try {
        return done.get(100, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (interrupts.interrupted()) return batch.results();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return batch.results();
      } catch (ExecutionException closed) {
        return batch.results(); // the client closed under the run (an interruption): what it reached
      }
    }
  }

  private static void export(Batch batch, Path zip) {
    try {
      batch.exportZip(zip);
    } catch (IOException e) {
      throw new UncheckedIOException("writing --zip " + zip + " failed: " + e.getMessage(), e);
    }
  }
}
