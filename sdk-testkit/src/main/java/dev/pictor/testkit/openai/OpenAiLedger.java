package dev.pictor.testkit.openai;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What an {@link OpenAiSimulator} saw and charged: requests by route and by HTTP status, every
 * request charged (a valid request the simulator made images for, whether or not its answer then
 * reached the client), the images made, the cost by OpenAI's prices, the same request charged twice,
 * image downloads (DALL-E URLs) and the faults injected. Read it after a run to prove that a client
 * charged nothing twice.
 *
 * <p>OpenAI has no idempotency key, so "the same request" is the same key, endpoint and body: JSON
 * compared with sorted keys, multipart as its fields plus the digests of its files. Give every job of
 * a test its own prompt.
 *
 * <p>Thread-safe: counters may be read while the simulator runs; collections returned are
 * unmodifiable snapshots.
 *
 * <pre>{@code
 * OpenAiLedger ledger = sim.ledger();
 * assertThat(ledger.duplicates()).isEmpty();
 * assertThat(ledger.byEndpoint()).containsEntry("POST /v1/images/edits", 30);
 * }</pre>
 */
public final class OpenAiLedger {
  private final AtomicInteger requests = new AtomicInteger();
  private final Map<String, AtomicInteger> byEndpoint = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
  private final AtomicInteger charged = new AtomicInteger();
  private final AtomicInteger images = new AtomicInteger();
  private final Map<String, AtomicInteger> chargedByKey = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> chargedByModel = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> chargesByRequest = new ConcurrentHashMap<>();
  private final List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
  private final Object costLock = new Object();
  private BigDecimal cost = BigDecimal.ZERO;
  private final AtomicInteger downloads = new AtomicInteger();
  private final AtomicInteger downloadsWithAuthorization = new AtomicInteger();
  private final Map<String, AtomicInteger> faults = new ConcurrentHashMap<>();

  OpenAiLedger() {}

  /** Requests charged, on all keys. */
  public int total() {
    return charged.get();
  }

  /** Images made for charged requests ({@code n} each). */
  public int images() {
    return images.get();
  }

  /** Requests charged to {@code apiKey}. */
  public int charged(String apiKey) {
    AtomicInteger n = chargedByKey.get(apiKey);
    return n == null ? 0 : n.get();
  }

  /** Requests charged per model, as the request named it. */
  public Map<String, Integer> chargedByModel() {
    return snapshot(chargedByModel);
  }

  /** The sum of every charge, in USD: usage tokens times the model's rates, or DALL-E's price per image. */
  public BigDecimal cost() {
    synchronized (costLock) {
      return cost;
    }
  }

  /** One line per extra charge: the second (third, ...) time the same key sent the same request. Keys are shortened. */
  public List<String> duplicates() {
    synchronized (duplicates) {
      return List.copyOf(duplicates);
    }
  }

  /** HTTP requests received, answered or not. */
  public int requests() {
    return requests.get();
  }

  /**
   * Requests per route: {@code "POST /v1/images/generations"}, {@code "POST /v1/images/edits"},
   * {@code "GET /dalle/{file}"}, anything else under {@code "other"}.
   */
  public Map<String, Integer> byEndpoint() {
    return snapshot(byEndpoint);
  }

  /** Answers per HTTP status; closed sockets are not answers and are not counted. */
  public Map<Integer, Integer> byStatus() {
    return snapshot(byStatus);
  }

  /** DALL-E images served from their URLs. */
  public int downloads() {
    return downloads.get();
  }

  /** Image downloads that carried an {@code Authorization} header: 0 for a correct client. */
  public int downloadsWithAuthorization() {
    return downloadsWithAuthorization.get();
  }

  /**
   * Faults injected, keyed by the {@link OpenAiSimulator.Faults} setting that caused them:
   * {@code serverErrors}, {@code resetsBeforeAnswer}, {@code moderationBlocks}, {@code dropAfterCharge},
   * {@code internalErrors}, {@code malformedJson}, {@code slowAnswers}.
   */
  public Map<String, Integer> faults() {
    return snapshot(faults);
  }

  void request(String route) {
    requests.incrementAndGet();
    byEndpoint.computeIfAbsent(route, k -> new AtomicInteger()).incrementAndGet();
  }

  void status(int code) {
    byStatus.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
  }

  void charge(String key, String route, String model, int n, BigDecimal amount, String canonical) {
    charged.incrementAndGet();
    images.addAndGet(n);
    chargedByKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    chargedByModel.computeIfAbsent(model, k -> new AtomicInteger()).incrementAndGet();
    synchronized (costLock) {
      cost = cost.add(amount);
    }
    int times = chargesByRequest.computeIfAbsent(key + "\n" + route + "\n" + canonical, k -> new AtomicInteger()).incrementAndGet();
    if (times > 1) duplicates.add("charged " + times + "x: key " + mask(key) + ", " + route + ", " + abbreviate(canonical));
  }

  void download(boolean withAuthorization) {
    downloads.incrementAndGet();
    if (withAuthorization) downloadsWithAuthorization.incrementAndGet();
  }

  void fault(String kind) {
    faults.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
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
    return "OpenAiLedger{requests=" + requests() + ", charged=" + total() + ", images=" + images() + ", duplicates="
        + duplicates.size() + ", cost=" + cost() + ", downloads=" + downloads() + "}";
  }
}
