package dev.pictor.testkit.runpod;

import dev.pictor.testkit.internal.Json;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The queue and workers of every (API key, endpoint) pair, run as a discrete-event timeline on the
 * simulator's clock: a job waits {@code IN_QUEUE} (FIFO) until one of the pair's workers is free, is
 * {@code IN_PROGRESS} for the latency (or until its {@code executionTimeout}), then ends; its result
 * stays readable for the retention, and a job that outlives its {@code ttl} before ending is deleted.
 * Events are applied in time order whenever a request or the clock thread calls {@link #advance},
 * so {@code delayTime} and {@code executionTime} are exact in clock time and a test that moves a
 * manual clock sees the same timeline as one that waits. Thread-safe: every method holds this
 * object's monitor, which threads waiting on a job ({@code /runsync}) release while they wait.
 */
final class Jobs {
  static final long SYNC_RETENTION_MILLIS = 60_000;
  static final long IMAGE_URL_LIFETIME_MILLIS = 7L * 24 * 3600 * 1000;
  /** How often the clock thread looks at the clock when no event is due sooner (for manual clocks). */
  private static final long TICK_MILLIS = 20;

  /** A job as one request saw it. */
  record Snapshot(Map<String, Object> json, String status, boolean deleted) {}

  private enum Kind { END, EXPIRE, DELETE }

  private record Event(long time, long seq, Kind kind, Job job, long stamp, String endStatus) {}

  private static final class Lane {
    final ArrayDeque<Job> queue = new ArrayDeque<>();
    final Job[] slots;
    final String[] workerIds;
    int completed;
    int failed;
    int retried;

    Lane(String key, String endpoint, int workers) {
      slots = new Job[workers];
      workerIds = new String[workers];
      for (int i = 0; i < workers; i++) workerIds[i] = workerId(key + "|" + endpoint + "|" + i);
    }

    int running() {
      int n = 0;
      for (Job j : slots) if (j != null) n++;
      return n;
    }
  }

  private final Clock clock;
  private final long latencyMillis;
  private final int workers;
  private final long retentionMillis;
  private final Delivery delivery;
  private final Webhooks webhooks;
  private final RunPodLedger ledger;
  private final Map<String, Job> byId = new ConcurrentHashMap<>();
  private final Map<String, Lane> lanes = new LinkedHashMap<>();
  private final PriorityQueue<Event> events = new PriorityQueue<>(
      (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
  private long sequence;
  private boolean closed;
  private final Thread ticker;

  Jobs(Clock clock, long latencyMillis, int workers, long retentionMillis, Delivery delivery, Webhooks webhooks,
      RunPodLedger ledger) {
    this.clock = clock;
    this.latencyMillis = latencyMillis;
    this.workers = workers;
    this.retentionMillis = retentionMillis;
    this.delivery = delivery;
    this.webhooks = webhooks;
    this.ledger = ledger;
    this.ticker = new Thread(this::tick, "runpod-simulator-clock");
    ticker.setDaemon(true);
    ticker.start();
  }

  /** A new job id: a UUID with RunPod's {@code -u1} suffix, or {@code sync-} and a UUID for {@code /runsync}. */
  static String newId(boolean sync) {
    String uuid = UUID.randomUUID().toString();
    return sync ? "sync-" + uuid : uuid + "-u1";
  }

  /** Queues {@code job} on its (key, endpoint) lane; its {@code ttl} counts from now. */
  synchronized void submit(Job job) {
    long now = advance();
    job.queuedAt = now;
    byId.put(job.id, job);
    schedule(now + job.ttl, Kind.EXPIRE, job, ++job.expireStamp, null);
    Lane lane = lane(job.key, job.endpoint);
    lane.queue.add(job);
    fill(lane, now);
    advance();
    notifyAll();
  }

  /** The job {@code id} if {@code key} submitted it to {@code endpoint} and it still exists, else null. */
  synchronized Job find(String id, String key, String endpoint) {
    advance();
    Job job = byId.get(id);
    return job != null && !job.deleted && job.key.equals(key) && job.endpoint.equals(endpoint) ? job : null;
  }

  synchronized Snapshot snapshot(Job job) {
    advance();
    return new Snapshot(job.toJson(), job.status, job.deleted);
  }

  /** Blocks until {@code job} ends, is deleted, or {@code waitMillis} of real time pass; then its snapshot. */
  synchronized Snapshot await(Job job, long waitMillis) throws InterruptedException {
    long end = System.nanoTime() + waitMillis * 1_000_000;
    while (true) {
      advance();
      if (job.isTerminal() || job.deleted || closed) break;
      long left = (end - System.nanoTime()) / 1_000_000;
      if (left <= 0) break;
      wait(Math.min(left, TICK_MILLIS));
    }
    return new Snapshot(job.toJson(), job.status, job.deleted);
  }

  /**
   * {@code /status?ttl=}: the job is deleted {@code ttlMillis} from now (a finished job's result, or an
   * unfinished job's whole life).
   */
  synchronized void ttl(Job job, long ttlMillis) {
    long now = advance();
    if (job.deleted) return;
    if (job.isTerminal()) {
      schedule(now + ttlMillis, Kind.DELETE, job, ++job.deleteStamp, null);
    } else {
      schedule(now + ttlMillis, Kind.EXPIRE, job, ++job.expireStamp, null);
    }
    notifyAll();
  }

  /** Cancels {@code job} unless it has ended; answers its status afterwards. */
  synchronized String cancel(Job job) {
    long now = advance();
    if (job.deleted || job.isTerminal()) return job.status;
    Lane lane = lane(job.key, job.endpoint);
    if (job.status.equals(Job.IN_QUEUE)) {
      lane.queue.remove(job);
      end(job, now, Job.CANCELLED, lane, false);
    } else {
      end(job, now, Job.CANCELLED, lane, true);
      fill(lane, now);
    }
    advance();
    notifyAll();
    return Job.CANCELLED;
  }

  /**
   * Requeues a {@code FAILED} or {@code TIMED_OUT} job with the same id and input, its output cleared;
   * returns null on success, else why not.
   */
  synchronized String retry(Job job, Job.Fate fate) {
    long now = advance();
    if (job.deleted) return "job not found";
    if (!job.status.equals(Job.FAILED) && !job.status.equals(Job.TIMED_OUT)) {
      return "only FAILED or TIMED_OUT jobs can be retried; job " + job.id + " is " + job.status;
    }
    job.deleteStamp++; // the result's retention no longer applies
    job.status = Job.IN_QUEUE;
    job.fate = fate;
    job.queuedAt = now;
    job.startedAt = -1;
    job.endedAt = -1;
    job.workerId = null;
    job.output = null;
    job.error = null;
    job.attempt++;
    schedule(now + job.ttl, Kind.EXPIRE, job, ++job.expireStamp, null);
    Lane lane = lane(job.key, job.endpoint);
    lane.retried++;
    lane.queue.add(job);
    fill(lane, now);
    advance();
    notifyAll();
    return null;
  }

  /** Cancels every queued job of the lane (in-progress ones keep running); returns how many. */
  synchronized int purge(String key, String endpoint) {
    long now = advance();
    Lane lane = lane(key, endpoint);
    int removed = 0;
    for (Job job; (job = lane.queue.poll()) != null; removed++) end(job, now, Job.CANCELLED, lane, false);
    notifyAll();
    return removed;
  }

  /**
   * {@code /health} of the lane: {@code completed} and {@code failed} ({@code FAILED} and
   * {@code TIMED_OUT}) count every job that ended so, {@code retried} every retry; {@code inProgress}
   * and {@code inQueue} are current. All workers are warm: {@code idle} and {@code ready} are the free
   * ones, {@code initializing} and {@code throttled} are 0.
   */
  synchronized Map<String, Object> health(String key, String endpoint) {
    advance();
    Lane lane = lane(key, endpoint);
    int running = lane.running();
    int idle = workers - running;
    return Json.object(
        "jobs", Json.object("completed", lane.completed, "failed", lane.failed, "inProgress", running,
            "inQueue", lane.queue.size(), "retried", lane.retried),
        "workers", Json.object("idle", idle, "initializing", 0, "ready", idle, "running", running, "throttled", 0));
  }

  /** Applies every event due by the clock's now; returns that now. Caller holds the monitor. */
  private long advance() {
    long now = clock.millis();
    boolean changed = false;
    while (!events.isEmpty() && events.peek().time <= now) changed |= apply(events.poll());
    if (changed) notifyAll();
    return now;
  }

  private boolean apply(Event e) {
    Job job = e.job;
    long t = e.time;
    switch (e.kind) {
      case END:
        if (job.deleted || !job.status.equals(Job.IN_PROGRESS) || e.stamp != job.endStamp) return false;
        Lane lane = lane(job.key, job.endpoint);
        end(job, t, e.endStatus, lane, true);
        fill(lane, t);
        return true;
      case EXPIRE:
        if (job.deleted || job.isTerminal() || e.stamp != job.expireStamp) return false;
        Lane mine = lane(job.key, job.endpoint);
        boolean running = job.status.equals(Job.IN_PROGRESS);
        if (running) {
          mine.slots[job.slot] = null;
        } else {
          mine.queue.remove(job);
        }
        job.endStamp++;
        delete(job);
        if (running) fill(mine, t);
        return true;
      case DELETE:
        if (job.deleted || !job.isTerminal() || e.stamp != job.deleteStamp) return false;
        delete(job);
        return true;
      default:
        throw new AssertionError(e.kind);
    }
  }

  private void delete(Job job) {
    job.deleted = true;
    byId.remove(job.id, job);
  }

  /** Starts queued jobs at time {@code t} while the lane has free workers. */
  private void fill(Lane lane, long t) {
    for (int slot = 0; slot < lane.slots.length && !lane.queue.isEmpty(); slot++) {
      if (lane.slots[slot] != null) continue;
      Job job = lane.queue.poll();
      lane.slots[slot] = job;
      job.slot = slot;
      job.status = Job.IN_PROGRESS;
      job.startedAt = t;
      job.workerId = lane.workerIds[slot];
      String endStatus;
      long runFor;
      if (job.invalid != null) { // the handler rejects the input at once
        endStatus = Job.FAILED;
        runFor = 0;
      } else if (job.fate == Job.Fate.TIME_OUT) { // the worker stops reporting
        endStatus = Job.TIMED_OUT;
        runFor = Math.min(latencyMillis, job.executionTimeout);
      } else if (latencyMillis > job.executionTimeout) {
        endStatus = Job.TIMED_OUT;
        runFor = job.executionTimeout;
      } else {
        endStatus = job.fate == Job.Fate.FAIL ? Job.FAILED : Job.COMPLETED;
        runFor = latencyMillis;
      }
      schedule(t + runFor, Kind.END, job, ++job.endStamp, endStatus);
    }
  }

  /** Ends {@code job} at {@code t}; frees its worker when it had one. The caller refills the lane. */
  private void end(Job job, long t, String status, Lane lane, boolean hadWorker) {
    if (hadWorker) lane.slots[job.slot] = null;
    job.status = status;
    job.endedAt = t;
    job.endStamp++;
    switch (status) {
      case Job.COMPLETED: {
        BigDecimal cost = Models.cost(job.model, job.input);
        String url = delivery.register(job.endpoint, job.id, job.attempt, Models.seed(job.input, job.id),
            Models.format(job.input), t + IMAGE_URL_LIFETIME_MILLIS);
        job.output = Json.object("image_url", url, "cost", cost);
        ledger.completed(cost);
        lane.completed++;
        break;
      }
      case Job.FAILED:
        job.error = job.invalid != null ? "Input validation failed: " + job.invalid
            : "Simulated worker failure: the handler raised an exception (RunPodSimulator.Faults.failingJobs)";
        lane.failed++;
        break;
      case Job.TIMED_OUT:
        lane.failed++;
        break;
      default:
        break;
    }
    schedule(t + (job.sync ? SYNC_RETENTION_MILLIS : retentionMillis), Kind.DELETE, job, ++job.deleteStamp, null);
    webhooks.send(job);
  }

  private void schedule(long time, Kind kind, Job job, long stamp, String endStatus) {
    events.add(new Event(time, ++sequence, kind, job, stamp, endStatus));
    notifyAll(); // the clock thread may now have an earlier event to wait for
  }

  private Lane lane(String key, String endpoint) {
    return lanes.computeIfAbsent(key + "\n" + endpoint, k -> new Lane(key, endpoint, workers));
  }

  /** The clock thread: applies events as they fall due, waking at the next one (at least every 20 ms). */
  private synchronized void tick() {
    while (!closed) {
      long now = advance();
      Event next = events.peek();
      long delay = next == null ? TICK_MILLIS : Math.max(1, Math.min(TICK_MILLIS, next.time - now));
      try {
        wait(delay);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops the clock thread and releases every request waiting on a job. */
  void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    ticker.interrupt();
  }

  /** A stable 14-character worker id, shaped like RunPod's. */
  static String workerId(String seed) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    long h = seed.hashCode() * 0x9E3779B97F4A7C15L;
    StringBuilder sb = new StringBuilder(14);
    for (int i = 0; i < 14; i++) {
      h ^= h >>> 29;
      h *= 0xBF58476D1CE4E5B9L;
      sb.append(alphabet.charAt((int) Math.floorMod(h >>> 7, (long) alphabet.length())));
    }
    return sb.toString();
  }
}
