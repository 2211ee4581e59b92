package dev.pictor.testkit.replicate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a {@link ReplicateSimulator} saw and charged: every API request by endpoint and by status,
 * every prediction and training charged (a prediction is charged once, when it is created, even if
 * it later fails or is canceled), charges of the same input twice, output downloads, uploads,
 * injected faults and webhook deliveries. Read it after a run to prove that a client charged nothing
 * twice and never sent its token to the output host. Thread-safe: counters may be read while the
 * simulator runs; every collection returned is a snapshot.
 *
 * <pre>{@code
 * ReplicateLedger ledger = sim.ledger();
 * assertThat(ledger.total()).isEqualTo(50);
 * assertThat(ledger.duplicates()).isEmpty();
 * assertThat(ledger.downloadsWithAuthorization()).isZero();
 * assertThat(ledger.byEndpoint()).containsEntry("POST /v1/models/{owner}/{name}/predictions", 50);
 * }</pre>
 */
public final class ReplicateLedger {
  private final AtomicInteger requests = new AtomicInteger();
  private final Map<String, AtomicInteger> byEndpoint = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
  private final AtomicInteger charged = new AtomicInteger();
  private final Map<String, AtomicInteger> chargedByToken = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> chargesByInput = new ConcurrentHashMap<>();
  private final List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger trainings = new AtomicInteger();
  private final AtomicInteger downloads = new AtomicInteger();
  private final AtomicInteger downloadsWithAuthorization = new AtomicInteger();
  private final AtomicInteger uploads = new AtomicInteger();
  private final AtomicLong uploadedBytes = new AtomicLong();
  private final Map<String, AtomicInteger> faults = new ConcurrentHashMap<>();
  private final AtomicInteger webhookAttempts = new AtomicInteger();
  private final AtomicInteger webhookDeliveries = new AtomicInteger();

  ReplicateLedger() {}

  /** Predictions charged, on all tokens. */
  public int total() {
    return charged.get();
  }

  /** Predictions charged to {@code token}. */
  public int charged(String token) {
    AtomicInteger n = chargedByToken.get(token);
    return n == null ? 0 : n.get();
  }

  /**
   * One description per extra charge: the second (third, ...) prediction created with the same
   * token, model and version, and the same input JSON (compared with sorted keys). A client that
   * resends an ambiguous create instead of reconciling shows up here. Tokens are shortened.
   */
  public List<String> duplicates() {
    synchronized (duplicates) {
      return List.copyOf(duplicates);
    }
  }

  /** Trainings charged. */
  public int trainings() {
    return trainings.get();
  }

  /** HTTP requests the API host received, answered or not. */
  public int requests() {
    return requests.get();
  }

  /** API requests per endpoint, keyed like {@code "GET /v1/predictions/{id}"}; unmatched paths under {@code "other"}. */
  public Map<String, Integer> byEndpoint() {
    return snapshot(byEndpoint);
  }

  /** API answers per HTTP status; closed sockets are not answers and are not counted. */
  public Map<Integer, Integer> byStatus() {
    return snapshot(byStatus);
  }

  /** Output files served by the delivery host. */
  public int downloads() {
    return downloads.get();
  }

  /** Requests to the delivery host that carried an {@code Authorization} header: 0 for a correct client. */
  public int downloadsWithAuthorization() {
    return downloadsWithAuthorization.get();
  }

  /** Files accepted by {@code POST /v1/files}. */
  public int uploads() {
    return uploads.get();
  }

  /** Bytes of the files accepted by {@code POST /v1/files}. */
  public long uploadedBytes() {
    return uploadedBytes.get();
  }

  /**
   * Faults injected, keyed by the {@link ReplicateSimulator.Faults} setting that caused them:
   * {@code serverErrors}, {@code resetsBeforeAnswer}, {@code dropAfterCharge}, {@code failingPredictions},
   * {@code slowAnswers}, {@code malformedJson}.
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

  void request(String endpoint) {
    requests.incrementAndGet();
    byEndpoint.computeIfAbsent(endpoint, k -> new AtomicInteger()).incrementAndGet();
  }

  void status(int code) {
    byStatus.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
  }

  void charge(String token, String modelAndVersion, String canonicalInput) {
    charged.incrementAndGet();
    chargedByToken.computeIfAbsent(token, k -> new AtomicInteger()).incrementAndGet();
    String key = token + "\n" + modelAndVersion + "\n" + canonicalInput;
    int n = chargesByInput.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    if (n > 1) {
      duplicates.add("charged " + n + "x: token " + mask(token) + ", model " + modelAndVersion + ", input " + abbreviate(canonicalInput));
    }
  }

  void training() {
    trainings.incrementAndGet();
  }

  void download(boolean withAuthorization, boolean served) {
    if (served) downloads.incrementAndGet();
    if (withAuthorization) downloadsWithAuthorization.incrementAndGet();
  }

  void upload(long bytes) {
    uploads.incrementAndGet();
    uploadedBytes.addAndGet(bytes);
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

  static String mask(String token) {
    return token.length() > 8 ? token.substring(0, 5) + "…" : "…";
  }

  private static <K extends Comparable<K>> Map<K, Integer> snapshot(Map<K, AtomicInteger> counts) {
    Map<K, Integer> copy = new TreeMap<>();
    counts.forEach((k, v) -> copy.put(k, v.get()));
    return Collections.unmodifiableMap(copy);
  }

  @Override
  public String toString() {
    return "ReplicateLedger{requests=" + requests() + ", charged=" + total() + ", duplicates=" + duplicates.size()
        + ", trainings=" + trainings() + ", downloads=" + downloads() + ", uploads=" + uploads() + "}";
  }
}
