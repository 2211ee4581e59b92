package dev.pictor.cli;

import dev.pictor.Job;
import dev.pictor.spi.JobRecord;
import dev.pictor.spi.RecordQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pictor jobs list}: the newest stored jobs, one line each. */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = PictorCommand.Version.class,
    description = "List stored jobs, newest first.")
final class JobsListCommand implements Callable<Integer> {
  @Mixin
  StoreOptions options = new StoreOptions();

  @Option(names = "--status", paramLabel = "S", split = ",",
      description = "Only jobs in these statuses (pending, submitted, running, succeeded, failed, canceled, expired, unknown)")
  List<String> statuses = new ArrayList<>();

  @Option(names = "--batch", paramLabel = "ID", description = "Only the jobs of this batch")
  String batch;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N jobs (default: ${DEFAULT-VALUE})")
  int limit;

  private final Context ctx;

  JobsListCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    if (limit < 1) throw new UsageException("--limit must be at least 1; got " + limit);
    for (String s : statuses) JobViews.requireStatus(s);
    try (Stores.Opened opened = Stores.open(options.store, ctx)) {
      return list(opened);
    }
  }

  private int list(Stores.Opened opened) {
    List<JobRecord> records = opened.store().query(new RecordQuery(Set.of(JobRecord.KIND_JOB), Set.copyOf(statuses),
        null, null, null, batch, null, null, null, null, null, 0, limit));
    List<Job> jobs = records.stream().map(Job::fromRecord).toList();
    if (options.json) {
      ctx.out().println(JobViews.jsonList(jobs));
    } else {
      if (jobs.isEmpty()) ctx.out().println("no jobs in " + opened.label());
      jobs.forEach(j -> ctx.out().println(JobViews.line(j)));
    }
    return Errors.OK;
  }
}
