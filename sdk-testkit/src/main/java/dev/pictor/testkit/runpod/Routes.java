package dev.pictor.testkit.runpod;

import dev.pictor.testkit.internal.Json;

import java.util.Map;
import mockwebserver3.MockResponse;
import okhttp3.HttpUrl;

/**
 * The operations of a queue-based endpoint: {@code /run}, {@code /runsync} (with the create faults),
 * {@code /status}, {@code /cancel}, {@code /retry}, {@code /purge-queue} and {@code /health}.
 * Thread-safe.
 */
final class Routes {
  static final long RUN_MAX_BYTES = 10L * 1024 * 1024;
  static final long RUNSYNC_MAX_BYTES = 20L * 1024 * 1024;
  static final long DEFAULT_WAIT_MILLIS = 90_000;
  static final long MIN_WAIT_MILLIS = 1_000;
  static final long MAX_WAIT_MILLIS = 300_000;
  static final long DEFAULT_EXECUTION_TIMEOUT = 600_000;
  static final long MIN_EXECUTION_TIMEOUT = 5_000;
  static final long DEFAULT_TTL = 86_400_000;
  static final long MIN_TTL = 10_000;
  static final long SEVEN_DAYS = 7L * 24 * 3600 * 1000;

  private final Jobs jobs;
  private final FaultDice dice;
  private final RunPodLedger ledger;
  private final boolean dataUris;

  Routes(Jobs jobs, FaultDice dice, RunPodLedger ledger, boolean dataUris) {
    this.jobs = jobs;
    this.dice = dice;
    this.ledger = ledger;
    this.dataUris = dataUris;
  }

  /** {@code POST /run} (answers {@code {id, status: IN_QUEUE}}) or {@code POST /runsync?wait=} (answers the job). */
  MockResponse run(Exchange ex, boolean sync) throws InterruptedException {
    String operation = sync ? "/runsync" : "/run";
    long max = sync ? RUNSYNC_MAX_BYTES : RUN_MAX_BYTES;
    if (ex.bodySize() > max) return Responses.tooLarge(operation, max);
    long wait = DEFAULT_WAIT_MILLIS;
    if (sync && ex.query("wait") != null) {
      Long w = millis(ex.query("wait"));
      if (w == null || w < MIN_WAIT_MILLIS || w > MAX_WAIT_MILLIS) {
        return Responses.badRequest("wait must be an integer number of milliseconds from 1000 to 300000; was '" + ex.query("wait") + "'");
      }
      wait = w;
    }
    Object parsed;
    try {
      parsed = Json.parse(ex.body().utf8());
    } catch (IllegalArgumentException e) {
      return Responses.badRequest("The request body must be a JSON object: " + e.getMessage());
    }
    if (!(parsed instanceof Map)) return Responses.badRequest("The request body must be a JSON object");
    @SuppressWarnings("unchecked")
    Map<String, Object> body = (Map<String, Object>) parsed;
    Object in = body.get("input");
    if (!(in instanceof Map)) return Responses.badRequest(in == null ? "input is required" : "input must be a JSON object");
    Object webhook = body.get("webhook");
    if (webhook != null && (!(webhook instanceof String) || HttpUrl.parse((String) webhook) == null)) {
      return Responses.badRequest("webhook must be an http(s) URL");
    }
    Object s3 = body.get("s3Config");
    if (s3 != null && !(s3 instanceof Map)) return Responses.badRequest("s3Config must be a JSON object");
    long executionTimeout = DEFAULT_EXECUTION_TIMEOUT;
    long ttl = DEFAULT_TTL;
    Object policy = body.get("policy");
    if (policy != null) {
      if (!(policy instanceof Map)) return Responses.badRequest("policy must be a JSON object");
      Map<?, ?> p = (Map<?, ?>) policy;
      Object timeout = p.get("executionTimeout");
      if (timeout != null) {
        Long t = Models.integer(timeout);
        if (t == null || t < MIN_EXECUTION_TIMEOUT || t > SEVEN_DAYS) {
          return Responses.badRequest("policy.executionTimeout must be milliseconds from 5000 (5 s) to 604800000 (7 days); was " + Json.write(timeout));
        }
        executionTimeout = t;
      }
      Object life = p.get("ttl");
      if (life != null) {
        Long t = Models.integer(life);
        if (t == null || t < MIN_TTL || t > SEVEN_DAYS) {
          return Responses.badRequest("policy.ttl must be milliseconds from 10000 (10 s) to 604800000 (7 days); was " + Json.write(life));
        }
        ttl = t;
      }
      Object low = p.get("lowPriority");
      if (low != null && !(low instanceof Boolean)) return Responses.badRequest("policy.lowPriority must be a boolean");
    }

    MockResponse serverError = dice.serverError();
    if (serverError != null) return serverError;
    if (dice.roll("resetsBeforeAnswer", dice.faults().resetsBeforeAnswer)) return Responses.closeSocket();

    @SuppressWarnings("unchecked")
    Map<String, Object> input = (Map<String, Object>) in;
    Models.Model model = Models.of(ex.endpoint);
    String invalid = Models.validate(model, input, dataUris);
    Job.Fate fate = invalid == null ? dice.fate() : Job.Fate.COMPLETE;
    Job job = new Job(Jobs.newId(sync), ex.key, ex.endpoint, model, sync, input, (String) webhook, executionTimeout, ttl,
        invalid, fate);
    ledger.charge(ex.key, ex.endpoint, Json.canonical(input));
    jobs.submit(job);
    if (dice.roll("dropAfterCharge", dice.faults().dropAfterCharge)) return Responses.closeSocket();

    MockResponse response;
    if (sync) {
      Jobs.Snapshot snapshot = jobs.await(job, wait);
      boolean rejected = job.invalid != null && snapshot.status().equals(Job.FAILED);
      response = Responses.json(rejected ? 400 : 200, snapshot.json());
    } else {
      response = Responses.json(200, Json.object("id", job.id, "status", Job.IN_QUEUE));
    }
    if (dice.roll("slowAnswers", dice.faults().slowAnswers)) response = Responses.delayed(response, dice.faults().slowAnswerDelay);
    return response;
  }

  /** {@code GET /status/{id}[?ttl=ms]}. */
  MockResponse status(Exchange ex) {
    Long ttl = null;
    if (ex.query("ttl") != null) {
      ttl = millis(ex.query("ttl"));
      if (ttl == null || ttl < 1) return Responses.badRequest("ttl must be a positive number of milliseconds; was '" + ex.query("ttl") + "'");
    }
    Job job = jobs.find(ex.jobId, ex.key, ex.endpoint);
    if (job == null) return jobNotFound(ex);
    if (ttl != null) jobs.ttl(job, ttl);
    Jobs.Snapshot snapshot = jobs.snapshot(job);
    return snapshot.deleted() ? jobNotFound(ex) : ex.ok(snapshot.json());
  }

  /** {@code POST /cancel/{id}}: {@code {id, status}}, {@code CANCELLED} unless the job had ended already. */
  MockResponse cancel(Exchange ex) {
    Job job = jobs.find(ex.jobId, ex.key, ex.endpoint);
    if (job == null) return jobNotFound(ex);
    return Responses.json(200, Json.object("id", job.id, "status", jobs.cancel(job)));
  }

  /** {@code POST /retry/{id}}: requeues a retained {@code FAILED} or {@code TIMED_OUT} job. */
  MockResponse retry(Exchange ex) {
    Job job = jobs.find(ex.jobId, ex.key, ex.endpoint);
    if (job == null) return jobNotFound(ex);
    String status = jobs.snapshot(job).status();
    if (!status.equals(Job.FAILED) && !status.equals(Job.TIMED_OUT)) {
      return Responses.badRequest("only FAILED or TIMED_OUT jobs can be retried; job " + job.id + " is " + status);
    }
    Job.Fate fate = job.invalid == null ? dice.fate() : Job.Fate.COMPLETE;
    String refused = jobs.retry(job, fate);
    if (refused != null) return refused.equals("job not found") ? jobNotFound(ex) : Responses.badRequest(refused);
    ledger.retry(ex.key, ex.endpoint);
    return Responses.json(200, Json.object("id", job.id, "status", Job.IN_QUEUE));
  }

  /** {@code POST /purge-queue}: {@code {removed, status: "completed"}}. */
  MockResponse purge(Exchange ex) {
    return Responses.json(200, Json.object("removed", jobs.purge(ex.key, ex.endpoint), "status", "completed"));
  }

  /** {@code GET /health}. */
  MockResponse health(Exchange ex) {
    return ex.ok(jobs.health(ex.key, ex.endpoint));
  }

  private static MockResponse jobNotFound(Exchange ex) {
    return Responses.notFound("Job not found: " + ex.jobId + " (unknown, or its result has expired)");
  }

  private static Long millis(String text) {
    if (text == null || !text.matches("\\d{1,12}")) return null;
    return Long.parseLong(text);
  }
}
