package dev.pictor.testkit.replicate;

import dev.pictor.testkit.internal.Json;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs predictions and trainings: each token has a lane of workers; a job waits in
 * {@code starting} for a free worker of its token, is {@code processing} for the configured
 * latency, then ends {@code succeeded} with outputs on the delivery host (or {@code failed}).
 * Cancels and {@code Cancel-After} deadlines end it early. Every transition of a token's jobs happens
 * under that token's lane lock, then the job's own monitor. Thread-safe.
 */
final class Jobs {
  private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Clock clock;
  private final Duration latency;
  private final int workersPerToken;
  private final Delivery delivery;
  private final Webhooks webhooks;
  private final Catalogue catalogue;
  private final ScheduledThreadPoolExecutor scheduler;
  private final AtomicLong sequence = new AtomicLong();
  private final Map<String, Job> byId = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentSkipListMap<Long, Job>> byOwner = new ConcurrentHashMap<>();
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

  private static final class Lane {
    int busy;
    final ArrayDeque<Job> waiting = new ArrayDeque<>();
  }

  Jobs(Clock clock, Duration latency, int workersPerToken, Delivery delivery, Webhooks webhooks, Catalogue catalogue) {
    this.clock = clock;
    this.latency = latency;
    this.workersPerToken = workersPerToken;
    this.delivery = delivery;
    this.webhooks = webhooks;
    this.catalogue = catalogue;
    this.scheduler = new ScheduledThreadPoolExecutor(2, r -> {
      Thread t = new Thread(r, "replicate-simulator-jobs");
      t.setDaemon(true);
      return t;
    });
    scheduler.setRemoveOnCancelPolicy(true);
  }

  long nextSeq() {
    return sequence.incrementAndGet();
  }

  /** A new id shaped like Replicate's: 26 characters of lower-case base32. */
  static String newId() {
    StringBuilder sb = new StringBuilder(26);
    for (int i = 0; i < 26; i++) sb.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
    return sb.toString();
  }

  /** The job {@code id} if {@code token} created it and it is of {@code kind}, else null. */
  Job get(String id, String token, Job.Kind kind) {
    Job job = byId.get(id);
    return job != null && job.token.equals(token) && job.kind == kind ? job : null;
  }

  /** {@code token}'s jobs of {@code kind}, newest first. */
  List<Job> list(String token, Job.Kind kind) {
    ConcurrentSkipListMap<Long, Job> mine = byOwner.get(token + "|" + kind);
    return mine == null ? List.of() : new ArrayList<>(mine.descendingMap().values());
  }

  /** Registers a new job in {@code starting} and hands it to a worker when one of its token is free. */
  void submit(Job job) {
    byId.put(job.id, job);
    byOwner.computeIfAbsent(job.token + "|" + job.kind, k -> new ConcurrentSkipListMap<>()).put(job.seq, job);
    if (job.deadline != null && !scheduler.isShutdown()) {
      long millis = Math.max(0, Duration.between(job.createdAt, job.deadline).toMillis());
      scheduler.schedule(() -> end(job, "aborted", "canceled"), millis, TimeUnit.MILLISECONDS);
    }
    Lane lane = lane(job.token);
    synchronized (lane) {
      lane.waiting.add(job);
      fill(lane);
    }
  }

  /** Cancels {@code job} unless it is terminal already. */
  void cancel(Job job) {
    end(job, "canceled", "canceled");
  }

  private void end(Job job, String ifStarting, String ifProcessing) {
    Lane lane = lane(job.token);
    synchronized (lane) {
      if (job.isTerminal()) return;
      if (job.isStarting()) {
        lane.waiting.remove(job);
        job.end(ifStarting, clock.instant(), null);
      } else {
        job.end(ifProcessing, clock.instant(), null);
        lane.busy--;
        fill(lane);
      }
      webhooks.send(job, "completed");
    }
  }

  private Lane lane(String token) {
    return lanes.computeIfAbsent(token, t -> new Lane());
  }

  /** Starts waiting jobs while the lane has free workers. Caller holds the lane lock. */
  private void fill(Lane lane) {
    while (lane.busy < workersPerToken && !lane.waiting.isEmpty()) {
      Job job = lane.waiting.poll();
      lane.busy++;
      job.start(clock.instant(), job.kind == Job.Kind.TRAINING ? "Starting training\n" : "Using seed: " + seed(job) + "\n");
      webhooks.send(job, "start");
      webhooks.send(job, "logs");
      if (!scheduler.isShutdown()) {
        job.pending(scheduler.schedule(() -> finish(job), latency.toNanos(), TimeUnit.NANOSECONDS));
      }
    }
  }

  private void finish(Job job) {
    Lane lane = lane(job.token);
    synchronized (lane) {
      if (!job.isProcessing()) return;
      Instant now = clock.instant();
      if (job.willFail) {
        job.output(null, "Traceback (most recent call last):\nRuntimeError: simulated model failure\n");
        job.end("failed", now, "Simulated failure: the model raised an exception (ReplicateSimulator.Faults.failingPredictions)");
      } else {
        job.output(output(job), "100%|##########| 4/4 [00:00<00:00, 8.00it/s]\n");
        webhooks.send(job, "output");
        webhooks.send(job, "logs");
        job.end("succeeded", now, null);
      }
      webhooks.send(job, "completed");
      lane.busy--;
      fill(lane);
    }
  }

  private Object output(Job job) {
    if (job.kind == Job.Kind.TRAINING) {
      String version = Catalogue.versionId("training:" + job.id);
      catalogue.addVersion(catalogue.find(job.destination), version);
      return Json.object("version", job.destination + ":" + version, "weights", delivery.weights(job.id));
    }
    long seed = seed(job);
    String model = job.deployment != null ? job.deployment : job.model;
    if (Catalogue.singleOutput(model)) return delivery.image(job.id, 0, seed);
    int count = Math.max(1, Math.min(16, count(job.input)));
    List<Object> urls = new ArrayList<>();
    for (int i = 0; i < count; i++) urls.add(delivery.image(job.id, i, seed + i));
    return urls;
  }

  private static int count(Map<String, Object> input) {
    for (String key : List.of("num_outputs", "num_images")) {
      if (input.get(key) instanceof BigDecimal) return ((BigDecimal) input.get(key)).intValue();
    }
    return 1;
  }

  private static long seed(Job job) {
    Object seed = job.input.get("seed");
    return seed instanceof BigDecimal ? ((BigDecimal) seed).longValue() : job.id.hashCode() & 0x7fffffffL;
  }

  /** Stops all processing and releases every request waiting on a job. */
  void close() {
    scheduler.shutdownNow();
    for (Job job : byId.values()) job.abandon();
  }
}
