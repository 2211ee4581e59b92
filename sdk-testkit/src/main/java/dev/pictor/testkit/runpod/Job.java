package dev.pictor.testkit.runpod;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One RunPod job as the simulator holds it. The identity fields are fixed at submission; the
 * lifecycle fields are guarded by the lock of {@link Jobs} and change only through it. Times are
 * epoch milliseconds of the simulator's clock.
 */
final class Job {
  static final String IN_QUEUE = "IN_QUEUE";
  static final String IN_PROGRESS = "IN_PROGRESS";
  static final String COMPLETED = "COMPLETED";
  static final String FAILED = "FAILED";
  static final String CANCELLED = "CANCELLED";
  static final String TIMED_OUT = "TIMED_OUT";
  static final Set<String> TERMINAL = Set.of(COMPLETED, FAILED, CANCELLED, TIMED_OUT);

  /** What the job does once a worker has it, unless cancelled, deleted or timed out first. */
  enum Fate { COMPLETE, FAIL, TIME_OUT }

  final String id;
  final String key;
  final String endpoint;
  final Models.Model model;
  final boolean sync;
  final Map<String, Object> input;
  final String webhook;
  final long executionTimeout;
  final long ttl;
  /** Why the input is invalid (the job fails as soon as a worker takes it), or null. */
  final String invalid;

  // Lifecycle, guarded by the Jobs lock.
  String status = IN_QUEUE;
  Fate fate;
  long queuedAt;
  long startedAt = -1;
  long endedAt = -1;
  int slot = -1;
  String workerId;
  Object output;
  String error;
  int attempt;
  boolean deleted;
  /** Stamps that tell the current scheduled event of each kind from stale ones. */
  long endStamp;
  long expireStamp;
  long deleteStamp;

  Job(String id, String key, String endpoint, Models.Model model, boolean sync, Map<String, Object> input,
      String webhook, long executionTimeout, long ttl, String invalid, Fate fate) {
    this.id = id;
    this.key = key;
    this.endpoint = endpoint;
    this.model = model;
    this.sync = sync;
    this.input = input;
    this.webhook = webhook;
    this.executionTimeout = executionTimeout;
    this.ttl = ttl;
    this.invalid = invalid;
    this.fate = fate;
  }

  boolean isTerminal() {
    return TERMINAL.contains(status);
  }

  /**
   * The job as {@code /status} and {@code /runsync} render it: {@code id}, {@code status}, then
   * {@code delayTime} once a worker took it (or it ended in the queue), {@code executionTime} once it
   * ended, {@code output} or {@code error}, and {@code workerId} once a worker took it.
   */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    json.put("status", status);
    if (startedAt >= 0) {
      json.put("delayTime", startedAt - queuedAt);
    } else if (endedAt >= 0) {
      json.put("delayTime", endedAt - queuedAt);
    }
    if (endedAt >= 0) json.put("executionTime", startedAt >= 0 ? endedAt - startedAt : 0L);
    if (output != null) json.put("output", output);
    if (error != null) json.put("error", error);
    if (workerId != null) json.put("workerId", workerId);
    return json;
  }

  /**
   * The webhook body: the {@code /status} envelope plus {@code input} and {@code webhook}, as the cloud
   * sends it (runpod-python issue #409).
   */
  Map<String, Object> toWebhookJson() {
    Map<String, Object> json = toJson();
    Map<String, Object> ordered = new LinkedHashMap<>();
    ordered.put("id", json.remove("id"));
    ordered.put("status", json.remove("status"));
    ordered.put("input", input);
    ordered.putAll(json);
    ordered.put("webhook", webhook);
    return ordered;
  }
}
