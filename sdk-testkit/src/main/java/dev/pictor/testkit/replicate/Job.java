package dev.pictor.testkit.replicate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One prediction or training as the simulator holds it. The identity fields are fixed at creation;
 * the lifecycle fields are guarded by this object's monitor and change only through {@link Jobs}.
 * Thread-safe.
 */
final class Job {
  enum Kind { PREDICTION, TRAINING }

  static final Set<String> TERMINAL = Set.of("succeeded", "failed", "canceled", "aborted");
  static final List<String> DEFAULT_EVENTS = List.of("output", "completed");

  final Kind kind;
  final String id;
  final long seq;
  final String token;
  final String model;
  final String version;
  final Map<String, Object> input;
  final String webhook;
  final List<String> eventsFilter;
  final Instant createdAt;
  final Instant deadline;
  final String deployment;
  final String destination;
  final boolean willFail;

  private String status = "starting";
  private Instant startedAt;
  private Instant completedAt;
  private Object output;
  private String error;
  private final StringBuilder logs = new StringBuilder();
  private ScheduledFuture<?> pending;
  private boolean abandoned;
  private CompletableFuture<Void> webhookChain = CompletableFuture.completedFuture(null);

  Job(Kind kind, String id, long seq, String token, String model, String version, Map<String, Object> input,
      String webhook, List<String> eventsFilter, Instant createdAt, Instant deadline, String deployment,
      String destination, boolean willFail) {
    this.kind = kind;
    this.id = id;
    this.seq = seq;
    this.token = token;
    this.model = model;
    this.version = version;
    this.input = input;
    this.webhook = webhook;
    this.eventsFilter = eventsFilter;
    this.createdAt = createdAt;
    this.deadline = deadline;
    this.deployment = deployment;
    this.destination = destination;
    this.willFail = willFail;
  }

  /** The events this job's webhook receives. */
  List<String> events() {
    return eventsFilter == null ? DEFAULT_EVENTS : eventsFilter;
  }

  synchronized String status() {
    return status;
  }

  synchronized boolean isTerminal() {
    return TERMINAL.contains(status);
  }

  synchronized boolean isStarting() {
    return status.equals("starting");
  }

  synchronized boolean isProcessing() {
    return status.equals("processing");
  }

  synchronized void start(Instant now, String log) {
    status = "processing";
    startedAt = now;
    logs.append(log);
  }

  synchronized void output(Object value, String log) {
    output = value;
    logs.append(log);
  }

  /** Ends the job in {@code terminal}; wakes every thread in {@link #awaitTerminal}. */
  synchronized void end(String terminal, Instant now, String errorText) {
    status = terminal;
    completedAt = now;
    if (errorText != null) error = errorText;
    if (pending != null) pending.cancel(false);
    pending = null;
    notifyAll();
  }

  synchronized void pending(ScheduledFuture<?> future) {
    pending = future;
  }

  /** Blocks until the job is terminal or {@code max} has passed; returns whether it is terminal. */
  synchronized boolean awaitTerminal(Duration max) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!TERMINAL.contains(status) && !abandoned) {
      long left = end - System.nanoTime();
      if (left <= 0) return false;
      wait(Math.max(1, left / 1_000_000));
    }
    return TERMINAL.contains(status);
  }

  /** Releases every thread in {@link #awaitTerminal} for good (the simulator is closing). */
  synchronized void abandon() {
    abandoned = true;
    notifyAll();
  }

  /** Runs {@code delivery} after this job's earlier webhook deliveries, keeping their order. */
  synchronized void chainWebhook(java.util.function.Function<CompletableFuture<Void>, CompletableFuture<Void>> next) {
    webhookChain = next.apply(webhookChain);
  }

  /** The prediction (or training) object exactly as Replicate's API renders it. */
  synchronized Map<String, Object> toJson(String apiBase) {
    String kindPath = kind == Kind.PREDICTION ? "/predictions/" : "/trainings/";
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    json.put("model", model);
    json.put("version", version);
    json.put("input", input);
    json.put("logs", logs.toString());
    json.put("output", output);
    json.put("data_removed", false);
    json.put("error", error);
    json.put("status", status);
    json.put("source", "api");
    json.put("created_at", time(createdAt));
    json.put("started_at", time(startedAt));
    json.put("completed_at", time(completedAt));
    Map<String, Object> metrics = new LinkedHashMap<>();
    if (startedAt != null && completedAt != null) metrics.put("predict_time", seconds(startedAt, completedAt));
    if (completedAt != null) metrics.put("total_time", seconds(createdAt, completedAt));
    json.put("metrics", metrics);
    Map<String, Object> urls = new LinkedHashMap<>();
    urls.put("get", apiBase + kindPath + id);
    urls.put("cancel", apiBase + kindPath + id + "/cancel");
    urls.put("web", "https://replicate.com/p/" + id);
    json.put("urls", urls);
    if (deadline != null) json.put("deadline", time(deadline));
    if (deployment != null) json.put("deployment", deployment);
    if (webhook != null) {
      json.put("webhook", webhook);
      json.put("webhook_events_filter", new ArrayList<>(events()));
    }
    return json;
  }

  static String time(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS).toString();
  }

  private static double seconds(Instant from, Instant to) {
    return Math.max(0, Duration.between(from, to).toNanos()) / 1e9;
  }
}
