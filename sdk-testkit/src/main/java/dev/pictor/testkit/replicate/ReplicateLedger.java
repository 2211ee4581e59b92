package dev.pictor.testkit.replicate;

import dev.pictor.testkit.SimulatorLedger;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a {@link ReplicateSimulator} saw and charged: the counts every simulator keeps (see
 * {@link SimulatorLedger}; routes keyed like {@code "GET /v1/predictions/{id}"}; faults named
 * {@code serverErrors}, {@code resetsBeforeAnswer}, {@code dropAfterCharge},
 * {@code failingPredictions}, {@code slowAnswers}, {@code malformedJson}), plus trainings, uploads
 * and webhook deliveries. A prediction is charged once, when it is created, even if it later fails
 * or is canceled; a duplicate is the same token, model and version, and input JSON (sorted keys)
 * charged twice. Thread-safe: counters may be read while the simulator runs.
 *
 * <pre>{@code
 * ReplicateLedger ledger = sim.ledger();
 * assertThat(ledger.total()).isEqualTo(50);
 * assertThat(ledger.duplicates()).isEmpty();
 * assertThat(ledger.downloadsWithAuthorization()).isZero();
 * assertThat(ledger.byEndpoint()).containsEntry("POST /v1/models/{owner}/{name}/predictions", 50);
 * }</pre>
 */
public final class ReplicateLedger extends SimulatorLedger {
  private final AtomicInteger trainings = new AtomicInteger();
  private final AtomicInteger uploads = new AtomicInteger();
  private final AtomicLong uploadedBytes = new AtomicLong();
  private final AtomicInteger webhookAttempts = new AtomicInteger();
  private final AtomicInteger webhookDeliveries = new AtomicInteger();

  ReplicateLedger() {}

  /** Trainings charged. */
  public int trainings() {
    return trainings.get();
  }

  /** Files accepted by {@code POST /v1/files}. */
  public int uploads() {
    return uploads.get();
  }

  /** Bytes of the files accepted by {@code POST /v1/files}. */
  public long uploadedBytes() {
    return uploadedBytes.get();
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

  /** A prediction created: charged once, when it is created, whatever happens to it later. */
  void charge(String token, String modelAndVersion, String canonicalInput) {
    countCharge(token, "model " + modelAndVersion, canonicalInput);
  }

  void training() {
    trainings.incrementAndGet();
  }

  void upload(long bytes) {
    uploads.incrementAndGet();
    uploadedBytes.addAndGet(bytes);
  }

  void webhook(boolean delivered) {
    webhookAttempts.incrementAndGet();
    if (delivered) webhookDeliveries.incrementAndGet();
  }

  @Override
  public String toString() {
    return "ReplicateLedger{" + counts() + ", trainings=" + trainings() + ", uploads=" + uploads() + "}";
  }
}
