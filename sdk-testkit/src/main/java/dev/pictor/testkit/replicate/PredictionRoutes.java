package dev.pictor.testkit.replicate;

import dev.pictor.testkit.internal.Json;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;

/**
 * The prediction endpoints: the three creates (with {@code Prefer: wait}, {@code Cancel-After} and
 * the create faults), read, cancel and list. Thread-safe.
 */
final class PredictionRoutes {
  static final Pattern PREFER = Pattern.compile("^wait(=([1-9]|[1-9][0-9]|60))?$");
  private static final Pattern SECONDS = Pattern.compile("^\\d+$");
  private static final Pattern HMS = Pattern.compile("^(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?$");
  static final Set<String> EVENTS = Set.of("start", "output", "logs", "completed");
  private static final Set<String> MODEL_KEYS = Set.of("input", "webhook", "webhook_events_filter", "stream");
  private static final Set<String> VERSION_KEYS = Set.of("version", "input", "webhook", "webhook_events_filter", "stream");

  /** Which of the three create endpoints was called. */
  enum Path { VERSION, MODEL, DEPLOYMENT }

  private final String apiBase;
  private final Clock clock;
  private final Jobs jobs;
  private final Catalogue catalogue;
  private final ReplicateLedger ledger;
  private final FaultDice dice;
  private final Pager pager;
  private final Duration minimumCancelAfter;
  private final Duration maxWait;

  PredictionRoutes(String apiBase, Clock clock, Jobs jobs, Catalogue catalogue, ReplicateLedger ledger, FaultDice dice,
      Pager pager, Duration minimumCancelAfter, Duration maxWait) {
    this.maxWait = maxWait;
    this.apiBase = apiBase;
    this.clock = clock;
    this.jobs = jobs;
    this.catalogue = catalogue;
    this.ledger = ledger;
    this.dice = dice;
    this.pager = pager;
    this.minimumCancelAfter = minimumCancelAfter;
  }

  MockResponse create(Exchange ex, Path path) throws InterruptedException {
    Map<String, Object> body = Requests.object(ex);
    if (body == null) return Responses.problem(400, "Bad request", "The request body must be a JSON object.");
    MockResponse invalid = Requests.unknownKeys(body, path == Path.VERSION ? VERSION_KEYS : MODEL_KEYS);
    if (invalid == null) invalid = Requests.checkInput(body);
    if (invalid == null) invalid = Requests.checkWebhook(body);
    if (invalid != null) return invalid;

    String model;
    String version;
    String deployment = null;
    if (path == Path.MODEL) {
      Catalogue.Model found = catalogue.find(ex.segment(1) + "/" + ex.segment(2));
      if (found == null || !found.official) return Responses.notFound();
      model = found.ref();
      version = "hidden";
    } else if (path == Path.DEPLOYMENT) {
      deployment = ex.segment(1) + "/" + ex.segment(2);
      model = deployment;
      version = "hidden";
    } else {
      Object v = body.get("version");
      if (!(v instanceof String)) return Responses.invalid("- version: version is required");
      Catalogue.Resolved resolved = catalogue.resolve((String) v);
      if (resolved == null) return Responses.invalid("Invalid version or not permitted: " + v);
      model = resolved.model().ref();
      version = resolved.version();
    }

    int wait;
    Duration cancelAfter;
    try {
      wait = waitSeconds(ex.header("Prefer"));
      cancelAfter = cancelAfter(ex.header("Cancel-After"), minimumCancelAfter);
    } catch (IllegalArgumentException e) {
      return Responses.invalid(e.getMessage());
    }

    MockResponse serverError = dice.serverError();
    if (serverError != null) return serverError;
    if (dice.roll("resetsBeforeAnswer", dice.faults().resetsBeforeAnswer)) return Responses.closeSocket();

    @SuppressWarnings("unchecked")
    Map<String, Object> input = (Map<String, Object>) body.get("input");
    Instant now = clock.instant();
    String id = Jobs.newId();
    Job job = new Job(Job.Kind.PREDICTION, id, jobs.nextSeq(), ex.token, model, version, input,
        (String) body.get("webhook"), Requests.events(body), now, cancelAfter == null ? null : now.plus(cancelAfter),
        deployment, null, dice.roll("failingPredictions", dice.faults().failingPredictions));
    ledger.charge(ex.token, version.equals("hidden") ? model : model + ":" + version, Json.canonical(input));

    if (dice.roll("dropAfterCharge", dice.faults().dropAfterCharge)) {
      jobs.submit(job);
      return Responses.closeSocket();
    }
    Map<String, Object> answer = job.toJson(apiBase);
    jobs.submit(job);
    int code = 202;
    if (wait > 0) {
      Duration hold = Duration.ofSeconds(Math.min(60, wait));
      if (job.awaitTerminal(hold.compareTo(maxWait) > 0 ? maxWait : hold)) code = 201;
      answer = job.toJson(apiBase);
    }
    MockResponse response = Responses.json(code, answer).newBuilder().setHeader("Location", apiBase + "/predictions/" + id).build();
    Duration slow = dice.faults().slowAnswerDelay;
    if (dice.roll("slowAnswers", dice.faults().slowAnswers)) response = Responses.delayed(response, slow);
    return response;
  }

  MockResponse get(Exchange ex) {
    Job job = jobs.get(ex.segment(1), ex.token, Job.Kind.PREDICTION);
    return job == null ? Responses.notFound() : ex.ok(job.toJson(apiBase));
  }

  MockResponse cancel(Exchange ex) {
    Job job = jobs.get(ex.segment(1), ex.token, Job.Kind.PREDICTION);
    if (job == null) return Responses.notFound();
    jobs.cancel(job);
    return Responses.json(200, job.toJson(apiBase));
  }

  MockResponse list(Exchange ex) {
    return list(ex, Job.Kind.PREDICTION, jobs, pager, apiBase);
  }

  /** Lists {@code kind} jobs of the caller, filtered by {@code created_after} / {@code created_before}. */
  static MockResponse list(Exchange ex, Job.Kind kind, Jobs jobs, Pager pager, String apiBase) {
    try {
      Instant after = Pager.time("created_after", ex.query("created_after"));
      Instant before = Pager.time("created_before", ex.query("created_before"));
      List<Job> matching = new ArrayList<>();
      for (Job job : jobs.list(ex.token, kind)) {
        if (after != null && !job.createdAt.isAfter(after)) continue;
        if (before != null && !job.createdAt.isBefore(before)) continue;
        matching.add(job);
      }
      return ex.ok(pager.page(matching, j -> j.seq, ex.url(), j -> j.toJson(apiBase)));
    } catch (IllegalArgumentException e) {
      return Responses.problem(400, "Bad request", e.getMessage());
    }
  }

  /**
   * Seconds to hold a create open: 0 without {@code Prefer}, 60 for plain {@code wait}.
   *
   * @throws IllegalArgumentException when the header does not match Replicate's pattern
   */
  static int waitSeconds(String prefer) {
    if (prefer == null) return 0;
    Matcher m = PREFER.matcher(prefer.trim());
    if (!m.matches()) throw new IllegalArgumentException("Prefer must match " + PREFER.pattern() + ", was '" + prefer + "'");
    return m.group(2) == null ? 60 : Integer.parseInt(m.group(2));
  }

  /**
   * Parses {@code Cancel-After}: {@code 30} (seconds), {@code 30s}, {@code 5m}, {@code 1h30m45s}; at least
   * {@code minimum} (Replicate: 5 s).
   *
   * @throws IllegalArgumentException when malformed or under {@code minimum}
   */
  static Duration cancelAfter(String header, Duration minimum) {
    if (header == null) return null;
    String value = header.trim();
    Duration duration;
    if (SECONDS.matcher(value).matches()) {
      duration = Duration.ofSeconds(Long.parseLong(value));
    } else {
      Matcher m = HMS.matcher(value);
      if (value.isEmpty() || !m.matches()) {
        throw new IllegalArgumentException("Cancel-After must be a duration like 30, 30s, 5m or 1h30m45s, was '" + header + "'");
      }
      duration = Duration.ofHours(part(m.group(1))).plusMinutes(part(m.group(2))).plusSeconds(part(m.group(3)));
    }
    if (duration.compareTo(minimum) < 0) {
      throw new IllegalArgumentException("Cancel-After must be at least " + minimum.toSeconds() + "s, was '" + header + "'");
    }
    return duration;
  }

  private static long part(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }
}
