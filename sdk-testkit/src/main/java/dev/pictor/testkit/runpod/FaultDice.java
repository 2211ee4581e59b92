package dev.pictor.testkit.runpod;

import dev.pictor.testkit.internal.SeededDice;
import mockwebserver3.MockResponse;

/**
 * Decides, from one seeded {@link Random}, which requests get which fault, and counts each fault it
 * injects in the ledger. Thread-safe (draws are serialized; with concurrent requests the order of
 * draws follows the order requests arrive).
 */
final class FaultDice {
  private final RunPodSimulator.Faults faults;
  private final SeededDice dice;

  FaultDice(RunPodSimulator.Faults faults, RunPodLedger ledger) {
    this.faults = faults;
    this.dice = new SeededDice(faults.seed, ledger::fault);
  }

  RunPodSimulator.Faults faults() {
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

  /** A 502 with an HTML body or a 503 with a JSON error, half and half, if a {@code serverErrors} fault is drawn. */
  synchronized MockResponse serverError() {
    if (!roll("serverErrors", faults.serverErrors)) return null;
    return dice.coin() ? Responses.badGateway() : Responses.unavailable();
  }

  /** What a new job will do instead of completing, drawn once per submission (and again per retry). */
  synchronized Job.Fate fate() {
    if (roll("failingJobs", faults.failingJobs)) return Job.Fate.FAIL;
    if (roll("timedOutJobs", faults.timedOutJobs)) return Job.Fate.TIME_OUT;
    return Job.Fate.COMPLETE;
  }
}
