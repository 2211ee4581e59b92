package dev.pictor.cli;

import dev.pictor.Job;
import dev.pictor.spi.JobRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code pictor jobs show ID}: everything stored about one job. */
@Command(name = "show", mixinStandardHelpOptions = true, versionProvider = PictorCommand.Version.class,
    description = "Show one stored job: its request, status, provider id, files, cost and error.")
final class JobsShowCommand implements Callable<Integer> {
  @Mixin
  StoreOptions options = new StoreOptions();

  @Parameters(paramLabel = "ID", description = "The job's id (job_...)")
  String id;

  private final Context ctx;

  JobsShowCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    try (Stores.Opened opened = Stores.open(options.store, ctx)) {
      return show(opened);
    }
  }

  private int show(Stores.Opened opened) {
    JobRecord record = opened.store().find(id).filter(r -> r.kind().equals(JobRecord.KIND_JOB))
        .orElseThrow(() -> new UsageException("no job " + id + " in " + opened.label()));
    Job job = Job.fromRecord(record);
    if (options.json) ctx.out().println(JobViews.json(job));
    else JobViews.details(job, record, ctx.out());
    return Errors.OK;
  }
}
