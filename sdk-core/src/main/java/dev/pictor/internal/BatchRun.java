package dev.pictor.internal;

import dev.pictor.Batch;
import dev.pictor.BatchItem;
import dev.pictor.BatchListener;
import dev.pictor.BatchProgress;
import dev.pictor.BatchResult;
import dev.pictor.GenerationException;
import dev.pictor.GenerationResult;
import dev.pictor.Job;
import dev.pictor.JobError;
import dev.pictor.JobStatus;
import dev.pictor.Money;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a batch: sends items in order, at most {@code maxConcurrency} at a time, within the budget,
 * unless paused or canceled; follows each item to its end; keeps the batch record current. Item
 * {@code i} of batch {@code batch_X} is job {@code job_X-i}, so a restart finds what was sent and
 * sends nothing twice.
 *
 * <p>Sending happens in {@link #pump()}, which one thread at a time drains (the others leave a note
 * that there is more to do), so completions on any thread never recurse into each other.
 */
final class BatchRun implements Batch {
  private static final Logger log = LoggerFactory.getLogger(BatchRun.class);

  enum Phase { WAITING, RUNNING, DONE }

  /** One item's state; guarded by the run's lock. */
  static final class Slot {
    Phase phase = Phase.WAITING;
    JobStatus status = JobStatus.PENDING;
    Money cost;
    JobError error;
    /** Whether its estimate counts in {@code reserved}: it was sent. */
    boolean reserving;
  }

  private final RealGenerationClient client;
  private final String id;
  private final BatchSpec spec;
  private final BatchCosts costs;
  private final Slot[] slots;
  private final Instant createdAt;
  private final CompletableFuture<BatchResult> finished = new CompletableFuture<>();
  private final java.util.List<BatchListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Events in order, off the I/O threads; {@link #finished} completes after the last of them. */
  private final SerialExecutor events;
  /** Serializes writes of the batch record. */
  private final Object saveLock = new Object();
  private String savedStatus;
  private final AtomicInteger wip = new AtomicInteger();
  private final Instant startedAt;
  private int next;
  private int inFlight;
  private int done;
  private int succeeded;
  private int failed;
  private int canceled;
  private Money spent;
  private Money reserved;
  private boolean paused;
  private boolean cancelRequested;
  private boolean budgetExhausted;
  /** A snapshot of a stored batch that another process or an earlier run owns: it sends nothing. */
  private boolean detached;
  private long recordVersion;

  BatchRun(RealGenerationClient client, String id, BatchSpec spec, BatchCosts costs, Instant createdAt, String status,
      long recordVersion) {
    this.client = client;
    this.events = new SerialExecutor(client.callbacks());
    if (spec.listener() != BatchListener.NONE) listeners.add(spec.listener());
    this.savedStatus = status;
    this.cancelRequested = status.equals("canceling") || status.equals("canceled");
    this.id = id;
    this.spec = spec;
    this.costs = costs;
    this.slots = new Slot[spec.items().size()];
    for (int i = 0; i < slots.length; i++) slots[i] = new Slot();
    this.createdAt = createdAt;
    this.startedAt = client.clock().now();
    this.paused = status.equals("paused");
    this.recordVersion = recordVersion;
    this.spent = Money.zero(costs.unit());
    this.reserved = Money.zero(costs.unit());
  }

  /** Item {@code index}'s job id: {@code job_<the batch id's random part>-<index>}. */
  static String jobId(String batchId, int index) {
    return "job_" + batchId.substring(batchId.indexOf('_') + 1) + "-" + index;
  }

  Instant createdAt() {
    return createdAt;
  }

  BatchSpec spec() {
    return spec;
  }

  /** Picks up what an earlier process left: ended items are counted, sent ones followed again. */
  void recover() {
    List<Integer> sent = new ArrayList<>();
    boolean overBudget = false;
    for (int i = 0; i < slots.length; i++) {
      Optional<Job> job = client.job(jobId(id, i));
      if (job.isEmpty()) continue;
      sent.add(i);
      overBudget |= job.get().error().map(e -> "budget".equals(e.type())).orElse(false);
    }
    synchronized (this) {
      budgetExhausted |= overBudget;
      for (int i : sent) {
        slots[i].phase = Phase.RUNNING;
        inFlight++;
        reserve(i);
      }
      while (next < slots.length && slots[next].phase != Phase.WAITING) next++;
    }
    for (int i : sent) follow(i, client.awaitChain(jobId(id, i), this::mayContinue));
  }

  /**
   * Reads a stored batch this client does not run: ended items as they ended, the rest as they
   * stand. Sends nothing; {@link RealGenerationClient#resume()} is what continues a batch.
   */
  void recoverReadOnly() {
    detached = true;
    boolean batchEnded = savedStatus.equals("completed") || savedStatus.equals("canceled");
    for (int i = 0; i < slots.length; i++) {
      List<Job> jobs = client.chainJobs(jobId(id, i));
      if (jobs.isEmpty()) continue;
      Job last = jobs.get(jobs.size() - 1);
      JobStatus status = last.status();
      boolean chainDone = (status.isTerminal() || status == JobStatus.UNKNOWN)
          && (status != JobStatus.SUCCEEDED || last.request().chain().isEmpty());
      if (batchEnded && !chainDone) {
        chainDone = true; // the batch ended with this item stopped short: a chain stopped by a cancel
        if (status == JobStatus.SUCCEEDED) status = JobStatus.CANCELED;
      }
      synchronized (this) {
        Slot s = slots[i];
        s.status = status;
        if (!chainDone) {
          s.phase = Phase.RUNNING;
          inFlight++;
          continue;
        }
        s.phase = Phase.DONE;
        s.cost = costs.actual(jobs);
        s.error = last.error().orElse(null);
        done++;
        if (s.status == JobStatus.SUCCEEDED) succeeded++;
        else if (s.status == JobStatus.CANCELED) canceled++;
        else failed++;
        if (s.cost != null) spent = spent.plus(s.cost);
        if (s.error != null && "budget".equals(s.error.type())) budgetExhausted = true;
      }
    }
    if (done == slots.length) finished.complete(results());
  }

  /**
   * The client is closing: send nothing more and record nothing more. Items in flight stay stored as
   * they are, and the batch record keeps its status, so a new client's {@code resume()} continues.
   */
  void stop() {
    synchronized (this) {
      if (detached) return;
      detached = true;
    }
    finished.completeExceptionally(new GenerationException("the client closed; batch " + id
        + " stays stored, and GenerationClient.resume() in a new client continues it", null, null));
  }

  /** Counts item {@code i}'s estimate as reserved; caller holds the lock. */
  private void reserve(int i) {
    Money estimate = costs.estimate(i);
    if (estimate != null) reserved = reserved.plus(estimate);
    slots[i].reserving = true;
  }

  // ---- sending --------------------------------------------------------------------------------

  void pump() {
    if (detached) return;
    if (wip.getAndIncrement() != 0) return;
    do {
      try {
        drain();
      } catch (RuntimeException e) {
        log.error("batch {}: sending stopped on an unexpected error; the next completion tries again", id, e);
      }
    } while (wip.decrementAndGet() != 0);
  }

  private void drain() {
    while (true) {
      int index;
      boolean overBudget = false;
      synchronized (this) {
        if (detached || cancelRequested || paused || next >= slots.length || inFlight >= spec.maxConcurrency()) return;
        index = next;
        if (slots[index].phase != Phase.WAITING) {
          next++;
          continue;
        }
        Money estimate = costs.estimate(index);
        if (spec.budget() != null && estimate != null
            && spent.plus(reserved).plus(estimate).compareTo(spec.budget()) > 0) {
          if (inFlight > 0) return; // one of them may cost less, or fail and free its share
          budgetExhausted = true;
          overBudget = true;
          log.info("batch {}: the budget {} is reached after {} spent; the {} items left are canceled", id, spec.budget(),
              spent, slots.length - index);
        } else {
          next++;
          slots[index].phase = Phase.RUNNING;
          inFlight++;
          reserve(index);
        }
      }
      if (overBudget) {
        endWaiting(new JobError("budget", "budget_exceeded", "not sent: the batch budget " + spec.budget()
            + " would have been passed (spent " + spent() + ")"));
        return;
      }
      send(index);
    }
  }

  private synchronized Money spent() {
    return spent;
  }

  private void send(int index) {
    BatchSpec.Item item = spec.items().get(index);
    String jobId = jobId(id, index);
    CompletableFuture<GenerationResult> result;
    try {
      result = client.startItem(item.request(), jobId, id, this::mayContinue);
    } catch (RuntimeException e) {
      if (client.isClosed()) {
        stop(); // the client closed under us: the item stays unsent, for resume()
        return;
      }
      if (client.job(jobId).isPresent()) {
        // Stored already (another resume got there first): follow that job instead of sending again.
        follow(index, client.awaitChain(jobId, this::mayContinue));
        return;
      }
      JobError error = Outcomes.errorOf(e);
      client.recordEnded(jobId, id, item.request(), JobStatus.FAILED, error);
      ended(index, JobStatus.FAILED, null, error, false);
      return;
    }
    boolean canceled;
    synchronized (this) {
      canceled = cancelRequested; // a detached batch (its client closing) leaves the job for resume()
    }
    if (canceled) client.cancelAsync(jobId); // canceled while it was being sent
    if (!listeners.isEmpty()) {
      BatchItem snapshot = item(index);
      events.execute(() -> listeners.forEach(l -> l.onItemSubmitted(this, snapshot)));
    }
    follow(index, result);
  }

  private void follow(int index, CompletableFuture<GenerationResult> result) {
    result.whenCompleteAsync((r, e) -> {
      try {
        settle(index, e);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        log.debug("batch {}: item {} settles after its client closed; resume() reads it back", id, index);
      } catch (RuntimeException unexpected) {
        synchronized (BatchRun.this) {
          if (detached) return; // the client closed: what the item became is for resume() to read
        }
        log.error("batch {}: item {} could not be read back; it ends failed", id, index, unexpected);
        ended(index, JobStatus.FAILED, null, Outcomes.errorOf(unexpected), false);
      }
    }, client.worker());
  }

  /** How item {@code index} ended, from its jobs in the store. */
  private void settle(int index, Throwable e) {
    List<Job> jobs = client.chainJobs(jobId(id, index));
    Job last = jobs.isEmpty() ? null : jobs.get(jobs.size() - 1);
    if (e == null) {
      ended(index, JobStatus.SUCCEEDED, costs.actual(jobs), null, false, jobs);
      return;
    }
    Throwable cause = ProviderHandle.unwrap(e);
    boolean canceled = cause instanceof CancellationException || cause instanceof dev.pictor.JobCanceledException;
    JobStatus status;
    boolean stillRunning = false;
    if (last == null) {
      status = canceled ? JobStatus.CANCELED : JobStatus.FAILED;
    } else if (last.status().isTerminal() && last.status() != JobStatus.SUCCEEDED) {
      status = last.status();
    } else if (last.status() == JobStatus.SUCCEEDED) {
      status = canceled ? JobStatus.CANCELED : JobStatus.FAILED; // the next step was not started
    } else {
      // Not followed any more (the client stopped polling it) but maybe still running at the provider:
      // its outcome is unknown, and its share of the budget stays reserved.
      status = JobStatus.UNKNOWN;
      stillRunning = true;
    }
    JobError error = last != null && last.error().isPresent() && last.status() == status ? last.error().get() : Outcomes.errorOf(cause);
    ended(index, status, costs.actual(jobs), error, stillRunning, jobs);
  }

  /** Ends every item not yet sent with {@code why}. */
  private void endWaiting(JobError why) {
    List<Integer> waiting = new ArrayList<>();
    synchronized (this) {
      for (int i = next; i < slots.length; i++) {
        if (slots[i].phase == Phase.WAITING) {
          slots[i].phase = Phase.RUNNING; // claimed: ended below
          waiting.add(i);
        }
      }
      next = slots.length;
      inFlight += waiting.size();
    }
    for (int i : waiting) {
      client.recordEnded(jobId(id, i), id, spec.items().get(i).request(), JobStatus.CANCELED, why);
      ended(i, JobStatus.CANCELED, null, why, false);
    }
  }

  private boolean mayContinue() {
    synchronized (this) {
      return !cancelRequested && !detached;
    }
  }

  private void ended(int index, JobStatus status, Money cost, JobError error, boolean keepReservation) {
    ended(index, status, cost, error, keepReservation, null);
  }

  /** Item {@code index} ended; {@code jobs} are its jobs when the caller read them already (else null). */
  private void ended(int index, JobStatus status, Money cost, JobError error, boolean keepReservation, List<Job> jobs) {
    boolean last;
    BatchProgress progress;
    synchronized (this) {
      if (detached) return; // the client closed: what the item's job becomes is for resume() to see
      Slot s = slots[index];
      if (s.phase == Phase.DONE) return;
      s.phase = Phase.DONE;
      s.status = status;
      s.cost = cost;
      s.error = error;
      inFlight--;
      done++;
      if (status == JobStatus.SUCCEEDED) succeeded++;
      else if (status == JobStatus.CANCELED) canceled++;
      else failed++;
      Money estimate = costs.estimate(index);
      if (estimate != null && s.reserving && !keepReservation) {
        reserved = reserved.minus(estimate);
        s.reserving = false;
      }
      if (cost != null) spent = spent.plus(cost);
      last = done == slots.length;
      progress = progressLocked();
    }
    if (spec.failFast() && status != JobStatus.SUCCEEDED && status != JobStatus.CANCELED) {
      log.info("batch {}: item {} ended {}; fail-fast cancels the rest", id, index, status.wireName());
      cancelInternally();
    }
    if (!listeners.isEmpty()) {
      BatchItem snapshot = jobs == null ? item(index) : item(index, jobs);
      events.execute(() -> {
        for (BatchListener l : listeners) {
          call(() -> l.onItemDone(this, snapshot));
          call(() -> l.onProgress(this, progress));
        }
      });
    }
    if (last) finish();
    else pump();
  }

  private static void call(Runnable listenerCall) {
    try {
      listenerCall.run();
    } catch (RuntimeException e) {
      log.warn("a batch listener failed", e);
    }
  }

  private void finish() {
    String status;
    synchronized (this) {
      status = cancelRequested ? "canceled" : "completed";
    }
    saveRecord(status);
    client.batchEnded(this);
    BatchResult result = results();
    events.execute(() -> {
      try {
        for (BatchListener l : listeners) call(() -> l.onBatchDone(this, result));
      } finally {
        finished.complete(result); // after the last event, so await() sees every one delivered
      }
    });
  }

  /**
   * Writes the batch's status, compare-and-set on the version this run last wrote; never over an
   * ended batch's status.
   */
  private void saveRecord(String status) {
    synchronized (saveLock) {
      if (savedStatus.equals("completed") || savedStatus.equals("canceled")) return;
      long v;
      synchronized (this) {
        v = recordVersion;
      }
      if (client.saveBatchStatus(id, status, v)) {
        savedStatus = status;
        synchronized (this) {
          recordVersion = v + 1;
        }
      }
    }
  }

  // ---- the handle -----------------------------------------------------------------------------

  @Override public String id() { return id; }
  @Override public String name() { return spec.name() == null ? id : spec.name(); }

  @Override
  public synchronized BatchProgress progress() {
    return progressLocked();
  }

  private BatchProgress progressLocked() {
    Optional<Duration> eta = Optional.empty();
    if (done > 0 && done < slots.length) {
      Duration elapsed = Duration.between(startedAt, client.clock().now());
      eta = Optional.of(elapsed.multipliedBy(slots.length - done).dividedBy(done));
    } else if (done == slots.length) {
      eta = Optional.of(Duration.ZERO);
    }
    return new BatchProgress(slots.length, done, succeeded, failed, canceled, inFlight, spent, costs.total(), eta);
  }

  @Override
  public List<BatchItem> items() {
    List<BatchItem> out = new ArrayList<>(slots.length);
    for (int i = 0; i < slots.length; i++) out.add(item(i));
    return out;
  }

  BatchItem item(int index) {
    return item(index, client.chainJobs(jobId(id, index)));
  }

  private BatchItem item(int index, List<Job> jobs) {
    BatchSpec.Item spec = this.spec.items().get(index);
    JobStatus status;
    Money cost;
    JobError error;
    Phase phase;
    synchronized (this) {
      Slot s = slots[index];
      status = s.status;
      cost = s.cost;
      error = s.error;
      phase = s.phase;
    }
    if (phase != Phase.DONE && !jobs.isEmpty()) status = jobs.get(jobs.size() - 1).status();
    return new BatchItem(index, spec.variant(), spec.input(), spec.request(), jobId(id, index), status, jobs,
        Optional.ofNullable(costs.estimate(index)), Optional.ofNullable(cost), Optional.ofNullable(error));
  }

  @Override
  public void pause() {
    requireAttached();
    synchronized (this) {
      if (paused || cancelRequested || done == slots.length) return;
      paused = true;
    }
    saveRecord("paused");
  }

  @Override
  public void resume() {
    requireAttached();
    synchronized (this) {
      if (!paused || cancelRequested) return;
      paused = false;
    }
    saveRecord("running");
    pump();
  }

  @Override
  public void addListener(BatchListener listener) {
    listeners.add(java.util.Objects.requireNonNull(listener, "listener == null"));
  }

  @Override
  public synchronized boolean paused() {
    return paused;
  }

  @Override
  public void cancel() {
    requireAttached();
    cancelInternally();
  }

  private void cancelInternally() {
    synchronized (this) {
      if (cancelRequested || done == slots.length) return;
      cancelRequested = true;
    }
    saveRecord("canceling");
    cancelRemaining();
  }

  /** Ends unsent items canceled and cancels running ones at the provider; {@code cancelRequested} is set. */
  void cancelRemaining() {
    endWaiting(new JobError("canceled", "batch_canceled", "not sent: the batch was canceled"));
    for (int i = 0; i < slots.length; i++) {
      boolean running;
      synchronized (this) {
        running = slots[i].phase == Phase.RUNNING;
      }
      if (!running) continue;
      List<Job> jobs = client.chainJobs(jobId(id, i));
      if (!jobs.isEmpty() && !jobs.get(jobs.size() - 1).status().isTerminal()) {
        client.cancelAsync(jobs.get(jobs.size() - 1).id());
      }
    }
  }

  private void requireAttached() {
    if (detached) {
      throw new IllegalStateException("batch " + id + " is a stored snapshot, not running in this client; "
          + "GenerationClient.resume() continues it");
    }
  }

  @Override
  public BatchResult await() {
    if (detached && !finished.isDone()) requireAttached();
    try {
      return finished.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GenerationException("interrupted while waiting for batch " + id + "; it goes on", null, e);
    } catch (ExecutionException e) {
      throw new GenerationException("batch " + id + " failed: " + e.getCause(), null, e.getCause());
    }
  }

  @Override
  public CompletableFuture<BatchResult> awaitAsync() {
    return finished.copy();
  }

  @Override
  public BatchResult results() {
    List<BatchItem> items = items();
    synchronized (this) {
      return new BatchResult(id, items, progressLocked(), budgetExhausted);
    }
  }

  @Override
  public void exportZip(Path zip) throws IOException {
    new ZipExport(client.outputSink()).write(zip, this, items());
  }

  @Override
  public String toString() {
    return "Batch{" + id + ", " + progress() + "}";
  }
}
