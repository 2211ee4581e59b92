package dev.pictor.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every provider simulator of the testkit counts: API requests by route and answers by status,
 * charges (in total, per token, and the same request charged twice), output downloads (and those
 * that wrongly carried the token), and injected faults. Each simulator's ledger adds what is its
 * own (trainings, retries, cost). Read it after a run to prove that a client charged nothing twice
 * and never sent its token to an output host.
 *
 * <p>Thread-safe: counters may be read while the simulator runs; every collection returned is a
 * snapshot. Subclasses record through the protected {@code count...} methods.
 */
public abstract class SimulatorLedger {
  private final AtomicInteger requests = new AtomicInteger();
  private final Map<String, AtomicInteger> byEndpoint = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
  private final AtomicInteger charged = new AtomicInteger();
  private final Map<String, AtomicInteger> chargedByToken = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> chargesByInput = new ConcurrentHashMap<>();
  private final List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger downloads = new AtomicInteger();
  private final AtomicInteger downloadsWithAuthorization = new AtomicInteger();
  private final Map<String, AtomicInteger> faults = new ConcurrentHashMap<>();

  protected SimulatorLedger() {}

  /** Charges, on all tokens. */
  public int total() {
    return charged.get();
  }

  /** Charges made with {@code token}. */
  public int charged(String token) {
    AtomicInteger n = chargedByToken.get(token);
    return n == null ? 0 : n.get();
  }

  /**
   * One description per extra charge: the second (third, ...) time the same token was charged for
   * the same request. A client that resends an ambiguous create shows up here. Tokens are shortened.
   */
  public List<String> duplicates() {
    synchronized (duplicates) {
      return List.copyOf(duplicates);
    }
  }

  /** HTTP requests the API host received, answered or not. */
  public int requests() {
    return requests.get();
  }

  /** API requests per route, keyed like {@code "POST /v1/predictions"}; unmatched paths under {@code "other"}. */
  public Map<String, Integer> byEndpoint() {
    return snapshot(byEndpoint);
  }

  /** API answers per HTTP status; closed sockets are not answers and are not counted. */
  public Map<Integer, Integer> byStatus() {
    return snapshot(byStatus);
  }

  /** Output images served by the output host. */
  public int downloads() {
    return downloads.get();
  }

  /** Requests to the output host that carried an {@code Authorization} header: 0 for a correct client. */
  public int downloadsWithAuthorization() {
    return downloadsWithAuthorization.get();
  }

  /** Faults injected, keyed by the name of the simulator's {@code Faults} setting that caused them. */
  public Map<String, Integer> faults() {
    return snapshot(faults);
  }

  protected final void countRequest(String route) {
    requests.incrementAndGet();
    byEndpoint.computeIfAbsent(route, k -> new AtomicInteger()).incrementAndGet();
  }

  protected final void countStatus(int code) {
    byStatus.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
  }

  /** One charge to {@code token}; returns how many charges this token has for this exact request. */
  protected final int countCharge(String token, String what, String canonicalRequest) {
    charged.incrementAndGet();
    chargedByToken.computeIfAbsent(token, k -> new AtomicInteger()).incrementAndGet();
    int n = chargesByInput.computeIfAbsent(token + "\n" + what + "\n" + canonicalRequest, k -> new AtomicInteger())
        .incrementAndGet();
    if (n > 1) duplicates.add("charged " + n + "x: token " + mask(token) + ", " + what + ", input " + abbreviate(canonicalRequest));
    return n;
  }

  /** A charge that is not a new request (a retry of a job): counted, never a duplicate. */
  protected final void countRecharge(String token) {
    charged.incrementAndGet();
    chargedByToken.computeIfAbsent(token, k -> new AtomicInteger()).incrementAndGet();
  }

  protected final void countDownload(boolean withAuthorization, boolean served) {
    if (served) downloads.incrementAndGet();
    if (withAuthorization) downloadsWithAuthorization.incrementAndGet();
  }

  protected final void countFault(String kind) {
    faults.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
  }

  /** A token shortened for messages. */
  protected static String mask(String token) {
    return token.length() > 8 ? token.substring(0, 5) + "…" : "…";
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }

  /** A sorted, unmodifiable copy of {@code counts}. */
  protected static <K extends Comparable<K>> Map<K, Integer> snapshot(Map<K, AtomicInteger> counts) {
    Map<K, Integer> copy = new TreeMap<>();
    counts.forEach((k, v) -> copy.put(k, v.get()));
    return Collections.unmodifiableMap(copy);
  }

  /** The counts every simulator keeps, for {@code toString}. */
  protected final String counts() {
    return "requests=" + requests() + ", charged=" + total() + ", duplicates=" + duplicates.size() + ", downloads=" + downloads();
  }
}
