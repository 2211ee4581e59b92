package dev.pictor.testkit.openai;

import dev.pictor.testkit.SimulatorLedger;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What an {@link OpenAiSimulator} saw and charged: the counts every simulator keeps (see
 * {@link SimulatorLedger}; routes {@code "POST /v1/images/generations"}, {@code "POST /v1/images/edits"},
 * {@code "GET /dalle/{file}"}; faults named {@code serverErrors}, {@code resetsBeforeAnswer},
 * {@code moderationBlocks}, {@code dropAfterCharge}, {@code internalErrors}, {@code malformedJson},
 * {@code slowAnswers}), plus the images made, charges per model and the cost by OpenAI's prices. A
 * request is charged when the simulator made its images, whether or not its answer then reached the
 * client.
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
public final class OpenAiLedger extends SimulatorLedger {
  private final AtomicInteger images = new AtomicInteger();
  private final Map<String, AtomicInteger> chargedByModel = new ConcurrentHashMap<>();
  private final Object costLock = new Object();
  private BigDecimal cost = BigDecimal.ZERO;

  OpenAiLedger() {}

  /** Images made for charged requests ({@code n} each). */
  public int images() {
    return images.get();
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

  void request(String route) { countRequest(route); }
  void status(int code) { countStatus(code); }
  void download(boolean withAuthorization) { countDownload(withAuthorization, true); }
  void fault(String kind) { countFault(kind); }

  /** A request the simulator made images for, whether or not its answer then reached the client. */
  void charge(String key, String route, String model, int n, BigDecimal amount, String canonical) {
    countCharge(key, route, canonical);
    images.addAndGet(n);
    chargedByModel.computeIfAbsent(model, k -> new AtomicInteger()).incrementAndGet();
    synchronized (costLock) {
      cost = cost.add(amount);
    }
  }

  @Override
  public String toString() {
    return "OpenAiLedger{" + counts() + ", images=" + images() + ", cost=" + cost() + "}";
  }
}
