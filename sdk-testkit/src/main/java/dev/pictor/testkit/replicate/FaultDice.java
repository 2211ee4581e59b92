package dev.pictor.testkit.replicate;

import java.util.Random;
import mockwebserver3.MockResponse;

/**
 * Decides, from one seeded {@link Random}, which requests get which fault, and counts each fault it
 * injects in the ledger. Thread-safe (draws are serialized; with concurrent requests the order of
 * draws follows the order requests arrive).
 */
final class FaultDice {
  private final ReplicateSimulator.Faults faults;
  private final ReplicateLedger ledger;
  private final Random random;

  FaultDice(ReplicateSimulator.Faults faults, ReplicateLedger ledger) {
    this.faults = faults;
    this.ledger = ledger;
    this.random = new Random(faults.seed);
  }

  ReplicateSimulator.Faults faults() {
    return faults;
  }

  /** True with probability {@code p}; a hit is counted under {@code kind}. */
  synchronized boolean roll(String kind, double p) {
    if (p <= 0) return false;
    boolean hit = random.nextDouble() < p;
    if (hit) ledger.fault(kind);
    return hit;
  }

  /** True with probability {@code p}, counted by the caller only if it applies the fault. */
  synchronized boolean draw(double p) {
    return p > 0 && random.nextDouble() < p;
  }

  /** A 502 with an HTML body or a 503 problem, half and half, if a {@code serverErrors} fault is drawn. */
  synchronized MockResponse serverError() {
    if (!roll("serverErrors", faults.serverErrors)) return null;
    return random.nextBoolean() ? Responses.badGateway() : Responses.unavailable();
  }
}
