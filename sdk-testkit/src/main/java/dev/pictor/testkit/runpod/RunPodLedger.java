package dev.pictor.testkit.runpod;

import dev.pictor.testkit.SimulatorLedger;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a {@link RunPodSimulator} saw and charged: the counts every simulator keeps (see
 * {@link SimulatorLedger}; routes keyed like {@code "POST /v2/{endpoint}/run"}; faults named
 * {@code serverErrors}, {@code resetsBeforeAnswer}, {@code dropAfterCharge}, {@code failingJobs},
 * {@code timedOutJobs}, {@code slowAnswers}, {@code malformedJson}), plus charges per endpoint,
 * retries, completed jobs and their {@code cost}, and webhook deliveries. A job is charged once when
 * {@code /run} or {@code /runsync} creates it, whatever its outcome, and once more for each explicit
 * {@code /retry}, which is never a duplicate.
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
public final class RunPodLedger extends SimulatorLedger {
  private final Map<String, AtomicInteger> chargedByEndpointId = new ConcurrentHashMap<>();
  private final AtomicInteger retries = new AtomicInteger();
  private final AtomicInteger completed = new AtomicInteger();
  private final Object costLock = new Object();
  private BigDecimal cost = BigDecimal.ZERO;
  private final AtomicInteger webhookAttempts = new AtomicInteger();
  private final AtomicInteger webhookDeliveries = new AtomicInteger();

  RunPodLedger() {}

  /** Jobs charged per endpoint id, such as {@code "black-forest-labs-flux-1-schnell"} (retries included). */
  public Map<String, Integer> chargedByEndpoint() {
    return snapshot(chargedByEndpointId);
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

  /** Webhook POSTs attempted, retries included. */
  public int webhookAttempts() {
    return webhookAttempts.get();
  }

  /** Webhook POSTs the receiver answered with a 2xx. */
  public int webhookDeliveries() {
    return webhookDeliveries.get();
  }

  void request(String route) { countRequest(route); }
  void status(int code) { countStatus(code); }
  void download(boolean withAuthorization, boolean served) { countDownload(withAuthorization, served); }
  void fault(String kind) { countFault(kind); }

  /** A job created by {@code /run} or {@code /runsync}: charged once, whatever its outcome. */
  void charge(String key, String endpoint, String canonicalInput) {
    countCharge(key, "endpoint " + endpoint, canonicalInput);
    chargedByEndpointId.computeIfAbsent(endpoint, k -> new AtomicInteger()).incrementAndGet();
  }

  /** An explicit {@code /retry}: charged again, and not a duplicate. */
  void retry(String key, String endpoint) {
    retries.incrementAndGet();
    countRecharge(key);
    chargedByEndpointId.computeIfAbsent(endpoint, k -> new AtomicInteger()).incrementAndGet();
  }

  void completed(BigDecimal jobCost) {
    completed.incrementAndGet();
    synchronized (costLock) {
      cost = cost.add(jobCost);
    }
  }

  void webhook(boolean delivered) {
    webhookAttempts.incrementAndGet();
    if (delivered) webhookDeliveries.incrementAndGet();
  }

  @Override
  public String toString() {
    return "RunPodLedger{" + counts() + ", retries=" + retries() + ", completed=" + completed() + ", cost=" + cost() + "}";
  }
}
