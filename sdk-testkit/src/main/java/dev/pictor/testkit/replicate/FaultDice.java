package dev.pictor.testkit.replicate;

import dev.pictor.testkit.internal.SeededDice;
import mockwebserver3.MockResponse;

/**
 * Decides, from one seeded {@link Random}, which requests get which fault, and counts each fault it
 * injects in the ledger. Thread-safe (draws are serialized; with concurrent requests the order of
 * draws follows the order requests arrive).
 */
final class FaultDice {
  private final ReplicateSimulator.Faults faults;
  private final SeededDice dice;

  FaultDice(ReplicateSimulator.Faults faults, ReplicateLedger ledger) {
    this.faults = faults;
    this.dice = new SeededDice(faults.seed, ledger::fault);
  }

  ReplicateSimulator.Faults faults() {
    return faults;
  }

  /** True with probability {@code p}; a hit is counted under {@code kind}. */
  boolean roll(String kind, double p) {
    return dice.roll(kind, p);
  }

  /** True with probability {@code p}, counted by the caller only if it applies the fault. */
  boolean draw(double p) {
    return dice.draw(p);
  }

  /** A 502 with an HTML body or a 503 problem, half and half, if a {@code serverErrors} fault is drawn. */
  synchronized MockResponse serverError() {
    if (!roll("serverErrors", faults.serverErrors)) return null;
    return dice.coin() ? Responses.badGateway() : Responses.unavailable();
  }
}
