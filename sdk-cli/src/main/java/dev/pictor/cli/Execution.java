package dev.pictor.cli;

import dev.pictor.BudgetExceededException;
import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.Money;
import dev.pictor.OutputSink;
import dev.pictor.spi.JobStore;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The part {@code generate} and {@code batch} share once their requests are built: validate every
 * item, estimate, apply the budget, run with a bounded window, print, and pick the exit code.
 */
final class Execution {
  /** The layout of output files under {@code --out}. */
  static final String LAYOUT = "{job}-{n}.{ext}";
  /** How long the hook waits for the summary to print after an interruption. */
  private static final long SUMMARY_WAIT_MILLIS = 3_000;

  /** How to run: where outputs go, how many in flight, the budget, and what to print. */
  record Settings(Path out, int concurrency, BigDecimal budgetUsd, boolean estimateOnly, boolean json,
      boolean resendUnknown, String task) {}

  private Execution() {}

  static int run(Context ctx, ProviderFactory.Selection sel, List<GenerationRequest> items, Settings s) {
    if (Files.exists(s.out()) && !Files.isDirectory(s.out())) {
      throw new UsageException("--out " + s.out() + " is a file; give a directory");
    }
    GenerationClient client = GenerationClient.builder()
        .provider(sel.provider())
        .jobStore(JobStore.inMemory())
        .outputs(OutputSink.files(s.out(), LAYOUT))
        .resendUnknown(s.resendUnknown())
        .shutdownTimeout(Duration.ofSeconds(5))
        .build();
    try {
      Preflight.validate(client, items);
      BigDecimal estimate = estimate(client, items);
      String model = items.get(0).model();
      if (s.estimateOnly()) {
        if (s.json()) ctx.out().println(SummaryWriter.json(new Summary(items.size(), List.of(), 0, estimate)));
        else ctx.out().println(SummaryWriter.estimate(items.size(), model, estimate));
        return Errors.OK;
      }
      checkBudget(s.budgetUsd(), estimate, items.size(), model);
      return execute(ctx, client, items, s, estimate);
    } finally {
      client.close();
    }
  }

  private static int execute(Context ctx, GenerationClient client, List<GenerationRequest> items, Settings s,
      BigDecimal estimate) {
    InterruptHandler interrupts = new InterruptHandler(client, ctx.err(), SUMMARY_WAIT_MILLIS).install();
    try {
      long start = System.nanoTime();
      List<Summary.Item> results;
      try (Progress progress = Progress.of(ctx, s.json(), s.task(), items.size())) {
        results = BatchRunner.run(client, items, s.concurrency(), progress, interrupts::interrupted);
      }
      Summary summary = new Summary(items.size(), results, (System.nanoTime() - start) / 1_000_000, estimate);
      if (s.json()) ctx.out().println(SummaryWriter.json(summary));
      else SummaryWriter.human(summary, ctx.out());
      ctx.out().flush();
      return interrupts.exitCode(summary.allSucceeded() ? Errors.OK : Errors.SOME_FAILED);
    } finally {
      interrupts.finished();
      interrupts.uninstall();
    }
  }

  /** The sum of the items' estimates in US dollars, or null when any item is unpriced. */
  static BigDecimal estimate(GenerationClient client, List<GenerationRequest> items) {
    BigDecimal total = BigDecimal.ZERO;
    for (GenerationRequest item : items) {
      Optional<BigDecimal> one = Summary.usd(client.estimate(item));
      if (one.isEmpty()) return null;
      total = total.add(one.get());
    }
    return new Money(total, "USD").amount();
  }

  /** Refuses, before anything is submitted, a run whose estimate passes the budget or cannot be known. */
  static void checkBudget(BigDecimal budget, BigDecimal estimate, int jobs, String model) {
    if (budget == null) return;
    if (estimate == null) {
      throw new UsageException("model " + model + " has no price in the catalogue, so --budget $" + budget.toPlainString()
          + " cannot be checked; nothing was submitted");
    }
    if (estimate.compareTo(budget) > 0) {
      throw new BudgetExceededException("the estimated cost $" + estimate.toPlainString() + " of " + jobs + " job"
          + (jobs == 1 ? "" : "s") + " passes the budget $" + budget.toPlainString() + "; nothing was submitted");
    }
  }
}
