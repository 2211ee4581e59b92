package dev.pictor.internal;

import dev.pictor.GenerationException;
import dev.pictor.GenerationResult;
import dev.pictor.GeneratedImage;
import dev.pictor.Job;
import dev.pictor.JobError;
import dev.pictor.JobStatus;
import dev.pictor.StoredOutput;
import dev.pictor.spi.JobRecord;
import dev.pictor.spi.ProviderJob;
import dev.pictor.spi.ProviderRequest;
import dev.pictor.spi.Reconciliation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one job from its stored state to an end: send (or reconcile an ambiguous send), then follow
 * the provider's answers (sync wait, adaptive polls, or fed-in webhooks) until a terminal state or
 * the deadline, download the outputs, and save every transition before acting on it.
 *
 * <p>Steps run one after another on the worker executor; {@link #cancel}, {@link #update} and the
 * timer arrive from other threads, so state changes happen under this object's lock.
 */
final class JobRun {
  private static final Logger log = LoggerFactory.getLogger(JobRun.class);
  /** Poll rounds that may fail in a row (each with its own retries) before the run lets go. */
  private static final int MAX_FAILED_POLL_ROUNDS = 3;
  /** How far before the first send to look when reconciling, for clock skew. */
  private static final Duration RECONCILE_SKEW = Duration.ofSeconds(30);

  private final Engine engine;
  private final ProviderHandle handle;
  private final ProviderRequest request;
  final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
  private final AtomicInteger sends = new AtomicInteger();
  private final ProviderHandle.Affinity token;

  private Job job;
  private long version;
  private boolean ended;
  private boolean cancelRequested;
  /** Outputs are being downloaded: later provider states change nothing. */
  private boolean fetching;
  private Future<?> timer;
  private CompletableFuture<?> inflight;
  private int polls;
  private int failedPollRounds;
  private int resubmits;

  JobRun(Engine engine, ProviderHandle handle, ProviderRequest request, Job job, long version) {
    this.engine = engine;
    this.handle = handle;
    this.request = request;
    this.job = job;
    this.version = version;
    this.sends.set(job.attempts());
    this.token = new ProviderHandle.Affinity(job.token().orElse(null));
  }

  synchronized Job job() {
    // The token is bound as the submit goes out, before it is saved: show it at once.
    if (token.label != null && job.token().isEmpty()) return job.toBuilder().token(token.label).build();
    return job;
  }

  String id() {
    return request.jobId();
  }

  // ---- entry points -------------------------------------------------------------------------

  /** Sends a job that provably never reached the provider. */
  void startSend() {
    engine.worker().execute(this::send);
  }

  /** Follows a job the provider accepted. */
  void startPolling() {
    engine.worker().execute(this::poll);
  }

  /** Finds out whether an ambiguous send reached the provider. */
  void startReconcile() {
    engine.worker().execute(() -> {
      synchronized (this) {
        if (ended) return;
        if (job.status() != JobStatus.UNKNOWN) {
          save(job.toBuilder().status(JobStatus.UNKNOWN)
              .error(new JobError("unknown_outcome", null, "the process stopped while the submit was being sent")).build());
        }
      }
      reconcile();
    });
  }

  // ---- sending ------------------------------------------------------------------------------

  private void send() {
    synchronized (this) {
      if (ended) return;
      if (cancelRequested) {
        end(JobStatus.CANCELED, new JobError("canceled", null, "cancelled before it was sent"), null);
        return;
      }
      // Recorded before the first byte goes out: after a crash this says "may have been sent".
      save(job.toBuilder().status(JobStatus.PENDING).submitStartedAt(engine.clock().now()).error(null).build());
    }
    CompletableFuture<ProviderJob> f = handle.call(true, this::job, call -> {
      sends.incrementAndGet();
      return handle.provider.submit(call, request);
    }, token);
    track(f);
    whenDone(f, (pj, e) -> {
      if (e == null) {
        onProviderState(pj);
      } else {
        submitFailed(ProviderHandle.unwrap(e));
      }
    });
  }

  private void submitFailed(Throwable e) {
    if (job().providerJobId().isPresent()) return; // adopted meanwhile (a verified webhook)
    boolean canceled = e instanceof java.util.concurrent.CancellationException;
    if (canceled || Backoff.ambiguous(e)) {
      synchronized (this) {
        if (ended) return;
        String why = canceled ? "the submit was cancelled while in flight" : e.getMessage();
        save(job.toBuilder().status(JobStatus.UNKNOWN).attempts(sends.get())
            .error(new JobError("unknown_outcome", null, why)).build());
      }
      log.info("job {}: submit outcome unknown ({}); reconciling with {}", id(), e.getMessage(), handle.id());
      reconcile();
      return;
    }
    synchronized (this) {
      if (ended) return;
      job = job.toBuilder().attempts(sends.get()).build();
      end(JobStatus.FAILED, Outcomes.errorOf(e), e instanceof GenerationException ? (GenerationException) e : null);
    }
  }

  private void reconcile() {
    Instant since = job().submitStartedAt().orElse(job().createdAt()).minus(RECONCILE_SKEW);
    CompletableFuture<Reconciliation> f = handle.call(false, this::job, call -> handle.provider.reconcile(call, request, since), token);
    f.whenComplete((rec, e) -> engine.worker().execute(() -> {
      if (job().providerJobId().isPresent()) return; // adopted meanwhile (a verified webhook)
      if (e != null) {
        endUnknown("reconciling with " + handle.id() + " failed: " + ProviderHandle.unwrap(e).getMessage());
        return;
      }
      switch (rec.outcome()) {
        case FOUND:
          log.info("job {}: reconciled, the provider has it as {}", id(), rec.job().get().providerJobId());
          onProviderState(rec.job().get());
          return;
        case NOT_FOUND:
          synchronized (this) {
            if (cancelRequested) {
              end(JobStatus.CANCELED, new JobError("canceled", null, "cancelled; the provider never received it"), null);
              return;
            }
            if (resubmits++ >= engine.retryPolicy().maxAttempts()) {
              end(JobStatus.FAILED, new JobError("provider", null, "the provider never received the submit after "
                  + resubmits + " tries"), null);
              return;
            }
          }
          send();
          return;
        default:
          if (engine.resendUnknown() && !cancelRequestedNow()) {
            log.warn("job {}: {} cannot reconcile; resending as the caller allowed (possible double charge)", id(), handle.id());
            send();
          } else {
            endUnknown(handle.id() + " cannot tell whether it received the submit; not resent, so nothing is charged twice");
          }
      }
    }));
  }

  private synchronized boolean cancelRequestedNow() {
    return cancelRequested;
  }

  // ---- following the provider ---------------------------------------------------------------

  /** A submit answer, a poll, a reconciliation or a webhook: moves the job on; true when it did. */
  boolean onProviderState(ProviderJob pj) {
    boolean download = false;
    boolean moved;
    synchronized (this) {
      if (ended || fetching) return false;
      Instant now = engine.clock().now();
      JobStatus was = job.status();
      JobStatus s = pj.status() == JobStatus.UNKNOWN ? JobStatus.RUNNING : pj.status();
      Job.Builder b = job.toBuilder().providerJobId(pj.providerJobId()).attempts(sends.get()).error(null);
      if (job.submittedAt().isEmpty()) b.submittedAt(now);
      if ((s == JobStatus.RUNNING || s.isTerminal()) && job.startedAt().isEmpty()) b.startedAt(now);
      pj.queueDuration().ifPresent(b::queueDuration);
      pj.processingDuration().ifPresent(b::processingDuration);
      pj.cost().ifPresent(b::actualCost);
      failedPollRounds = 0;
      moved = s != was || pj.progress().isPresent() || job.providerJobId().isEmpty();
      if (cancelRequested && !s.isTerminal()) {
        save(b.status(s).build());
        cancelAtProvider("cancelled by the caller");
        return true;
      }
      if (!s.isTerminal()) {
        JobStatus next = s == JobStatus.SUBMITTED ? JobStatus.SUBMITTED : JobStatus.RUNNING;
        if (was == JobStatus.RUNNING && next == JobStatus.SUBMITTED) next = JobStatus.RUNNING;
        Job updated = b.status(next).build();
        if (next != was || !job.providerJobId().equals(updated.providerJobId())) save(updated);
        else job = updated;
        if (was != JobStatus.SUBMITTED && was != JobStatus.RUNNING) engine.listener().onSubmitted(job);
        if (next == JobStatus.RUNNING && was != JobStatus.RUNNING) engine.listener().onStarted(job);
        pj.progress().ifPresent(p -> engine.listener().onProgress(job, p));
        if (timer != null) timer.cancel(false);
        schedulePoll(pj.pollAfter().orElse(null));
        return moved;
      }
      if (was != JobStatus.SUBMITTED && was != JobStatus.RUNNING) {
        job = b.status(JobStatus.RUNNING).build();
        engine.listener().onSubmitted(job);
      }
      moved = true;
      if (s == JobStatus.SUCCEEDED) {
        job = b.build();
        download = true;
        fetching = true;
        if (timer != null) timer.cancel(false);
      } else {
        job = b.build();
        String message = pj.errorMessage().orElse("the provider reported " + s.wireName());
        JobError err = new JobError(s == JobStatus.FAILED ? "job_failed" : s.wireName(), pj.errorCode().orElse(null), message);
        end(s, err, null);
      }
    }
    if (download) fetchOutputs(pj);
    return moved;
  }

  private synchronized void schedulePoll(Duration hint) {
    if (ended) return;
    Duration d = hint != null ? hint
        : Backoff.pollDelay(engine.pollInitial(), engine.pollMax(), polls++, ThreadLocalRandom.current().nextDouble());
    Instant deadline = request.deadline();
    if (deadline != null) {
      Duration left = Duration.between(engine.clock().now(), deadline);
      if (left.isNegative() || left.isZero()) {
        expire();
        return;
      }
      if (d.compareTo(left) > 0) d = left;
    }
    timer = engine.clock().schedule(() -> engine.worker().execute(this::poll), d);
  }

  private void poll() {
    synchronized (this) {
      if (ended) return;
      if (request.deadline() != null && !engine.clock().now().isBefore(request.deadline())) {
        expire();
        return;
      }
    }
    String providerJobId = job().providerJobId().orElseThrow();
    CompletableFuture<ProviderJob> f = handle.call(false, this::job, call -> handle.provider.poll(call, providerJobId), token);
    track(f);
    whenDone(f, (pj, e) -> {
      if (e == null) {
        onProviderState(pj);
        return;
      }
      Throwable cause = ProviderHandle.unwrap(e);
      if (cause instanceof java.util.concurrent.CancellationException) return;
      synchronized (this) {
        if (ended) return;
        if (++failedPollRounds >= MAX_FAILED_POLL_ROUNDS || cause instanceof dev.pictor.AuthenticationException) {
          // The job lives on at the provider; keep it stored as in flight so resume() can pick it up.
          detach(new dev.pictor.ProviderException("job " + id() + " is still in flight at " + handle.id()
              + " but cannot be followed: " + cause.getMessage() + "; client.resume() or await(id) re-attaches",
              handle.id(), 0, null, null, dev.pictor.ProviderException.Reach.REACHED, cause));
          return;
        }
        log.debug("job {}: poll failed ({}); trying again later", id(), cause.getMessage());
        schedulePoll(engine.pollMax());
      }
    });
  }

  private void expire() {
    synchronized (this) {
      if (ended) return;
    }
    cancelAtProvider(null);
  }

  /** Cancels at the provider (best effort) and ends the job CANCELED, or EXPIRED when {@code reason} is null. */
  private void cancelAtProvider(String reason) {
    String providerJobId = job().providerJobId().orElse(null);
    JobStatus end = reason == null ? JobStatus.EXPIRED : JobStatus.CANCELED;
    JobError err = reason == null
        ? new JobError("timeout", null, "the deadline " + request.deadline() + " passed; the job was cancelled at " + handle.id())
        : new JobError("canceled", null, reason);
    if (providerJobId == null) {
      synchronized (this) {
        end(end, err, null);
      }
      return;
    }
    handle.call(false, this::job, call -> handle.provider.cancel(call, providerJobId), token)
        .whenComplete((v, e) -> engine.worker().execute(() -> {
          if (e != null) log.warn("job {}: cancelling at {} failed: {}", id(), handle.id(), ProviderHandle.unwrap(e).getMessage());
          synchronized (this) {
            end(end, err, null);
          }
        }));
  }

  // ---- outputs ------------------------------------------------------------------------------

  private void fetchOutputs(ProviderJob pj) {
    Job snapshot = job();
    whenDone(engine.outputs().fetchAll(snapshot, pj.outputs()), (stored, e) -> {
      synchronized (this) {
        if (ended) return;
        if (e != null) {
          Throwable cause = ProviderHandle.unwrap(e);
          if (cause instanceof java.io.UncheckedIOException) cause = cause.getCause();
          end(JobStatus.FAILED, new JobError("output", null, "the job succeeded at " + handle.id()
              + " but its outputs could not be stored: " + cause.getMessage()), null);
          return;
        }
        Job.Builder b = job.toBuilder().outputs(stored);
        if (job.actualCost().isEmpty()) job.estimatedCost().ifPresent(b::actualCost);
        job = b.build();
        end(JobStatus.SUCCEEDED, null, null);
      }
    });
  }

  /**
   * Runs the next step when {@code f} completes: at once on this thread when it already has (a
   * provider that answered synchronously), else on the worker pool, never on an HTTP thread.
   */
  private <T> void whenDone(CompletableFuture<T> f, java.util.function.BiConsumer<T, Throwable> next) {
    if (f.isDone()) {
      T value = null;
      Throwable error = null;
      try {
        value = f.join();
      } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
        error = e;
      }
      next.accept(value, error);
      return;
    }
    f.whenComplete((v, e) -> engine.worker().execute(() -> next.accept(v, e)));
  }

  // ---- cancel, webhooks, ending -------------------------------------------------------------

  /** Cancels the job; returns at once, the result future completes when it has ended. */
  void cancel() {
    synchronized (this) {
      if (ended || cancelRequested) return;
      cancelRequested = true;
      if (timer != null) timer.cancel(false);
      if (job.providerJobId().isEmpty()) {
        if (job.status() == JobStatus.PENDING && job.submitStartedAt().isEmpty()) {
          end(JobStatus.CANCELED, new JobError("canceled", null, "cancelled before it was sent"), null);
          return;
        }
        // A submit is in flight: cancel it; the reconciliation that follows finds and cancels any job it made.
        if (inflight != null) inflight.cancel(true);
        return;
      }
      if (inflight != null) inflight.cancel(true);
    }
    cancelAtProvider("cancelled by the caller");
  }

  /** A state fed in from outside (a webhook); the background poll goes on as a backstop. */
  boolean update(ProviderJob pj) {
    return onProviderState(pj);
  }

  private synchronized void track(CompletableFuture<?> f) {
    inflight = f;
  }

  /** Saves the terminal state and completes the result. Caller holds the lock. */
  private void end(JobStatus status, JobError error, GenerationException cause) {
    if (ended) return;
    Instant now = engine.clock().now();
    Job.Builder b = job.toBuilder().status(status).completedAt(now).error(error);
    if (job.processingDuration().isEmpty() && job.startedAt().isPresent()) {
      b.processingDuration(Duration.between(job.startedAt().get(), now));
    }
    if (job.queueDuration().isEmpty() && job.submittedAt().isPresent() && job.startedAt().isPresent()) {
      b.queueDuration(Duration.between(job.submittedAt().get(), job.startedAt().get()));
    }
    save(b.build());
    ended = true;
    if (timer != null) timer.cancel(false);
    engine.ended(this);
    Job done = job;
    if (status == JobStatus.SUCCEEDED) {
      List<GeneratedImage> images = new ArrayList<>();
      for (StoredOutput o : done.outputs()) images.add(new GeneratedImage(o, engine.outputs().sink()));
      engine.listener().onSucceeded(done);
      engine.callbacks().execute(() -> result.complete(new GenerationResult(done, images)));
      return;
    }
    GenerationException ex = cause != null ? cause : Outcomes.exceptionFor(done);
    if (status == JobStatus.CANCELED) engine.listener().onCanceled(done);
    else engine.listener().onFailed(done, ex);
    engine.callbacks().execute(() -> result.completeExceptionally(ex));
  }

  /** Ends an ambiguous submit that cannot be resolved: the job stays UNKNOWN in the store. */
  private void endUnknown(String why) {
    synchronized (this) {
      if (ended) return;
      save(job.toBuilder().status(JobStatus.UNKNOWN).attempts(sends.get())
          .error(new JobError("unknown_outcome", null, why)).build());
      ended = true;
      engine.ended(this);
      GenerationException ex = Outcomes.exceptionFor(job);
      engine.listener().onFailed(job, ex);
      engine.callbacks().execute(() -> result.completeExceptionally(ex));
    }
  }

  /** Stops following a job that is still in flight elsewhere; the store keeps it for resume. */
  synchronized void detach(GenerationException why) {
    if (ended) return;
    ended = true;
    if (timer != null) timer.cancel(false);
    engine.ended(this);
    engine.callbacks().execute(() -> result.completeExceptionally(why));
  }

  /**
   * Compare-and-set the new snapshot. When the stored copy moved on without this client losing its
   * lease (a store that renews leases by rewriting records), the write is made again over it; when
   * the job ended elsewhere, this run ends with that outcome; otherwise another instance owns the job
   * now and this client stops following it.
   */
  private void save(Job next) {
    if (token.label != null && !token.label.equals(next.token().orElse(null))) next = next.toBuilder().token(token.label).build();
    for (int attempt = 0; ; attempt++) {
      if (engine.store().update(JobCodec.toRecord(next, version + 1, engine.instanceId(), engine.leaseUntil()), version)) {
        version++;
        job = next;
        return;
      }
      JobRecord stored = engine.store().find(next.id()).orElse(null);
      if (stored == null) break;
      if (JobStatus.fromWireName(stored.status()).isTerminal()) {
        endedElsewhere(JobCodec.fromRecord(stored));
        throw new IllegalStateException("job " + next.id() + " ended in another process as " + stored.status());
      }
      if (attempt < 8 && engine.instanceId().equals(stored.leaseOwner().orElse(null))) {
        version = stored.version();
        continue;
      }
      break;
    }
    ended = true;
    if (timer != null) timer.cancel(false);
    engine.ended(this);
    // Another instance follows the job now; this run's caller learns the outcome from the store.
    engine.watchElsewhere(next.id(), result);
    throw new IllegalStateException("job " + next.id() + " was taken over by another process; this client stopped following it");
  }

  /** Ends this run with the outcome another process stored. */
  synchronized void endedElsewhere(Job stored) {
    if (ended) return;
    ended = true;
    if (timer != null) timer.cancel(false);
    engine.ended(this);
    job = stored;
    if (stored.status() == JobStatus.SUCCEEDED) {
      List<GeneratedImage> images = new ArrayList<>();
      for (StoredOutput o : stored.outputs()) images.add(new GeneratedImage(o, engine.outputs().sink()));
      engine.callbacks().execute(() -> result.complete(new GenerationResult(stored, images)));
    } else {
      GenerationException ex = Outcomes.exceptionFor(stored);
      engine.callbacks().execute(() -> result.completeExceptionally(ex));
    }
  }
}
