package dev.pictor.cli;

import dev.pictor.Batch;
import dev.pictor.BatchResult;
import dev.pictor.GenerationClient;
import dev.pictor.OutputSink;
import dev.pictor.spi.JobRecord;
import dev.pictor.spi.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pictor jobs resume}: continues every run the store holds as unfinished, with the provider,
 * requests and output folder it was started with; tokens come again from flags or the environment.
 * Leases of a process on this machine that is gone are taken at once; a live instance's are waited
 * out until they expire.
 */
@Command(name = "resume", mixinStandardHelpOptions = true, versionProvider = PictorCommand.Version.class,
    description = "Continue the runs an interrupted or killed pictor left in the store; nothing is sent twice.")
final class JobsResumeCommand implements Callable<Integer> {
  /** Time between looks at a batch another live instance holds. */
  private static final Duration LOOK = Duration.ofMillis(500);

  @Mixin
  StoreOptions options = new StoreOptions();

  @Option(names = "--token", paramLabel = "T",
      description = "An API token; repeat for a pool. Default: the provider's environment variable")
  List<String> tokens = new ArrayList<>();

  @Option(names = "--resend-unknown", description = "Resend a submit whose outcome is unknown (a possible double charge)")
  boolean resendUnknown;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long to wait for another live instance's leases to expire (default: ${DEFAULT-VALUE})")
  long waitSeconds;

  private final Context ctx;

  JobsResumeCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    if (waitSeconds < 0) throw new UsageException("--wait must not be negative; got " + waitSeconds);
    try (Stores.Opened opened = Stores.open(options.store, ctx)) {
      return resumeAll(opened);
    }
  }

  private int resumeAll(Stores.Opened opened) {
    List<RunRecords.Run> runs = RunRecords.unfinished(opened.store());
    long start = System.nanoTime();
    List<Summary.Item> items = new ArrayList<>();
    boolean complete = true;
    for (RunRecords.Run run : runs) {
      if (run.simulated()) {
        ctx.err().println("pictor: run " + run.id() + " (batch " + run.batchId() + ") ran against " + run.provider()
            + (run.provider().equals("sandbox") ? "" : "'s simulator") + " in its own process, which ended with it; it cannot be resumed");
        continue;
      }
      Optional<BatchResult> result = resume(opened.store(), run);
      if (result.isEmpty()) {
        complete = false;
        continue;
      }
      result.get().items().forEach(i -> items.add(Summary.Item.of(i)));
      if (result.get().progress().done() == result.get().progress().total()) RunRecords.finish(opened.store(), run, Instant.now());
    }
    if (runs.isEmpty()) ctx.err().println("pictor: nothing to resume in " + opened.label());
    // The estimate of what was resumed: the items' own, when every one of them is priced.
    java.math.BigDecimal estimate = items.isEmpty() || items.stream().anyMatch(i -> i.estimatedUsd() == null) ? null
        : items.stream().map(Summary.Item::estimatedUsd).reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
    Summary summary = new Summary(items.size(), items, (System.nanoTime() - start) / 1_000_000, estimate, null);
    if (options.json) ctx.out().println(SummaryWriter.json(summary));
    else SummaryWriter.human(summary, ctx.out());
    ctx.out().flush();
    return complete && summary.allSucceeded() ? Errors.OK : Errors.SOME_FAILED;
  }

  /** Continues one run; empty when another live instance keeps its batch past {@code --wait}. */
  private Optional<BatchResult> resume(JobStore store, RunRecords.Run run) {
    CommonOptions o = new CommonOptions();
    o.provider = run.provider();
    o.baseUrl = run.baseUrl();
    o.endpoint = run.endpoint();
    o.out = run.out();
    o.tokens = tokens;
    try (ProviderFactory.Selection sel = ProviderFactory.select(o, ctx);
        GenerationClient client = GenerationClient.builder()
            .provider(sel.provider())
            .jobStore(store)
            .outputs(OutputSink.files(run.out(), Execution.LAYOUT))
            .resendUnknown(resendUnknown || run.resendUnknown())
            .takeOverEvery(Duration.ofSeconds(1))
            .shutdownTimeout(Duration.ofSeconds(5))
            .build()) {
      client.resume();
      Instant giveUp = Instant.now().plusSeconds(waitSeconds);
      while (true) {
        JobRecord batch = store.find(run.batchId()).orElse(null);
        if (batch == null) {
          // The run stopped before its batch was stored: nothing of it was sent.
          ctx.err().println("pictor: run " + run.id() + " stopped before its batch started; nothing was sent");
          RunRecords.finish(store, run, Instant.now());
          return Optional.of(new BatchResult(run.batchId(), List.of(), new dev.pictor.BatchProgress(0, 0, 0, 0, 0, 0,
              dev.pictor.Money.usd("0"), Optional.empty(), Optional.empty()), false));
        }
        boolean ended = Set.of("completed", "canceled").contains(batch.status());
        if (ended || client.instanceId().equals(batch.leaseOwner().orElse(null))) {
          Batch b = client.batch(run.batchId()).orElseThrow();
          InterruptHandler interrupts = new InterruptHandler(client, ctx.err(), 3_000).install();
          try {
            return Optional.of(ended ? b.results() : Execution.await(b, interrupts));
          } finally {
            interrupts.finished();
            interrupts.uninstall();
          }
        }
        if (Instant.now().isAfter(giveUp)) {
          ctx.err().println("pictor: batch " + run.batchId() + " is held by a live instance (" + batch.leaseOwner().orElse("?")
              + ") until " + batch.leaseExpiresAt().map(Object::toString).orElse("it lets go") + "; try again later");
          return Optional.empty();
        }
        sleep();
      }
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(LOOK.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for another instance's leases");
    }
  }
}
