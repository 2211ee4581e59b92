package dev.pictor.internal;

import dev.pictor.GenerationListener;
import dev.pictor.RetryPolicy;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.Scheduler;
import java.time.Duration;
import java.util.concurrent.Executor;

/** What a {@link JobRun} needs from its client. */
interface Engine {
  Executor worker();

  Executor callbacks();

  Scheduler clock();

  JobStore store();

  GenerationListener listener();

  OutputFetcher outputs();

  RetryPolicy retryPolicy();

  boolean resendUnknown();

  Duration pollInitial();

  Duration pollMax();

  /** This client's name as the owner of the jobs it follows. */
  String instanceId();

  /** The run has ended (or let go of its job). */
  void ended(JobRun run);
}
