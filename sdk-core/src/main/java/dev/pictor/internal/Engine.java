package dev.pictor.internal;

import dev.pictor.GenerationListener;
import dev.pictor.RetryPolicy;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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

  /** When a lease written now expires; null when the store keeps no expiries. */
  java.time.Instant leaseUntil();

  /** Completes {@code result} from the store once the job, now followed by another instance, ends. */
  void watchElsewhere(String id, CompletableFuture<dev.pictor.GenerationResult> result);

  /** The run has ended (or let go of its job). */
  void ended(JobRun run);
}
