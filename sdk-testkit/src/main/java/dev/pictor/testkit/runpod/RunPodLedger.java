package dev.pictor.testkit.runpod;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a {@link RunPodSimulator} saw and charged: every API request by route and by HTTP status,
 * every job charged (once when {@code /run} or {@code /runsync} creates it, whatever its outcome, and
 * once more for each explicit {@code /retry}), the same input charged twice, the {@code cost} of
 * completed jobs, output downloads, injected faults and webhook deliveries. Read it after a run to
 * prove that a client charged nothing twice and never sent its API key to the image host.
 *
 * <p>Thread-safe: counters may be read while the simulator runs; every collection returned is an
 * unmodifiable snapshot.
 *
 * <pre>{@code
 * RunPodLedger ledger = sim.ledger();
 * assertThat(ledger.total()).isEqualTo(50);
 * assertThat(ledger.duplicates()).isEmpty();
 * assertThat(ledger.downloadsWithAuthorization()).isZero();
 * assertThat(ledger.byEndpoint()).containsEntry("POST /v2/{endpoint}/run", 50);
 * }</pre>
 */
public final class RunPodLedger {
  private final AtomicInteger requests = new AtomicInteger();
  private final Map<String, AtomicInteger> byEndpoint = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
  private final AtomicInteger charged = new AtomicInteger();
  private final Map<String, AtomicInteger> chargedByKey = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> chargedByEndpointId = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> chargesByInput = new ConcurrentHashMap<>();
  private final List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger retries = new AtomicInteger();
  private final AtomicInteger completed = new AtomicInteger();
  private final Object costLock = new Object();
  private BigDecimal cost = BigDecimal.ZERO;
  private final AtomicInteger downloads = new AtomicInteger();
  private final AtomicInteger downloadsWithAuthorization = new AtomicInteger();
  private final Map<String, AtomicInteger> faults = new ConcurrentHashMap<>();
  private final AtomicInteger webhookAttempts = new AtomicInteger();
  private final AtomicInteger webhookDeliveries = new AtomicInteger();

  RunPodLedger() {}

  /** Jobs charged on all keys: every job created by {@code /run} or {@code /runsync}, plus every {@code /retry}. */
  public int total() {
    return charged.get();
  }

  /** Jobs charged to {@code apiKey} (retries included). */
  public int charged(String apiKey) {
    AtomicInteger n = chargedByKey.get(apiKey);
    return n == null ? 0 : n.get();
  }

  /** Jobs charged per endpoint id, such as {@code "black-forest-labs-flux-1-schnell"} (retries included). */
  public Map<String, Integer> chargedByEndpoint() {
    return snapshot(chargedByEndpointId);
  }

  /**
   * One description per extra charge: the second (third, ...) job created with the same key, endpoint
   * and input JSON (compared with sorted keys). A client that resends an ambiguous {@code /run}
   * shows up here; explicit {@code /retry} calls do not (see {@link #retries()}). Keys are shortened.
   */
  public List<String> duplicates() {
    synchronized (duplicates) {
      return List.copyOf(duplicates);
    }
  }

  /** Accepted {@code /retry} calls; each is also counted in {@link #total()}. */
  public int retries() {
    return retries.get();
  }

  /** Jobs that ended {@code COMPLETED} (a retried job can complete once per attempt). */
  public int completed() {
    return completed.get();
  }

  /** The sum of {@code output.cost} of every {@code COMPLETED} job, in USD. */
  public BigDecimal cost() {
    synchronized (costLock) {
      return cost;
    }
  }

  /** HTTP requests the API host received, answered or not. */
  public int requests() {
    return requests.get();
  }

  /**
   * API requests per route, keyed like {@code "POST /v2/{endpoint}/run"}, {@code "POST /v2/{endpoint}/runsync"},
   * {@code "GET /v2/{endpoint}/status/{id}"}, {@code "POST /v2/{endpoint}/cancel/{id}"},
   * {@code "POST /v2/{endpoint}/retry/{id}"}, {@code "POST /v2/{endpoint}/purge-queue"},
   * {@code "GET /v2/{endpoint}/health"}; anything else under {@code "other"}.
   */
  public Map<String, Integer> byEndpoint() {
    return snapshot(byEndpoint);
  }

  /** API answers per HTTP status; closed sockets are not answers and are not counted. */
  public Map<Integer, Integer> byStatus() {
    return snapshot(byStatus);
  }

  /** Output images served by the image host. */
  public int downloads() {
    return downloads.get();
  }

  /** Requests to the image host that carried an {@code Authorization} header: 0 for a correct client. */
  public int downloadsWithAuthorization() {
    return downloadsWithAuthorization.get();
  }

  /**
   * Faults injected, keyed by the {@link RunPodSimulator.Faults} setting that caused them:
   * {@code serverErrors}, {@code resetsBeforeAnswer}, {@code dropAfterCharge}, {@code failingJobs},
   * {@code timedOutJobs}, {@code slowAnswers}, {@code malformedJson}.
   */
  public Map<String, Integer> faults() {
    return snapshot(faults);
  }

  /** Webhook POSTs attempted, retries included. */
  public int webhookAttempts() {
    return webhookAttempts.get();
  }

  /** Webhook POSTs the receiver answered with a 2xx. */
  public int webhookDeliveries() {
    return webhookDeliveries.get();
  }

  void request(String route) {
    requests.incrementAndGet();
    byEndpoint.computeIfAbsent(route, k -> new AtomicInteger()).incrementAndGet();
  }

  void status(int code) {
    byStatus.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
  }

  void charge(String key, String endpoint, String canonicalInput) {
    count(key, endpoint);
    String id = key + "\n" + endpoint + "\n" + canonicalInput;
    int n = chargesByInput.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    if (n > 1) {
      duplicates.add("charged " + n + "x: key " + mask(key) + ", endpoint " + endpoint + ", input " + abbreviate(canonicalInput));
    }
  }

  void retry(String key, String endpoint) {
    retries.incrementAndGet();
    count(key, endpoint);
  }

  private void count(String key, String endpoint) {
    charged.incrementAndGet();
    chargedByKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    chargedByEndpointId.computeIfAbsent(endpoint, k -> new AtomicInteger()).incrementAndGet();
  }

  void completed(BigDecimal jobCost) {
    completed.incrementAndGet();
    synchronized (costLock) {
      cost = cost.add(jobCost);
    }
  }

  void download(boolean withAuthorization, boolean served) {
    if (served) downloads.incrementAndGet();
    if (withAuthorization) downloadsWithAuthorization.incrementAndGet();
  }

  void fault(String kind) {
    faults.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
  }

  void webhook(boolean delivered) {
    webhookAttempts.incrementAndGet();
    if (delivered) webhookDeliveries.incrementAndGet();
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }

  static String mask(String key) {
    return key.length() > 8 ? key.substring(0, 5) + "…" : "…";
  }

  private static <K extends Comparable<K>> Map<K, Integer> snapshot(Map<K, AtomicInteger> counts) {
    Map<K, Integer> copy = new TreeMap<>();
    counts.forEach((k, v) -> copy.put(k, v.get()));
    return Collections.unmodifiableMap(copy);
  }

  @Override
  public String toString() {
    return "RunPodLedger{requests=" + requests() + ", charged=" + total() + ", duplicates=" + duplicates.size()
        + ", retries=" + retries() + ", completed=" + completed() + ", cost=" + cost() + ", downloads=" + downloads() + "}";
  }
}
