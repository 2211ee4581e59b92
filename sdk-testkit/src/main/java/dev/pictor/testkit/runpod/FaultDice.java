package dev.pictor.testkit.runpod;

import java.util.Random;
import mockwebserver3.MockResponse;

/**
 * Decides, from one seeded {@link Random}, which requests get which fault, and counts each fault it
 * injects in the ledger. Thread-safe (draws are serialized; with concurrent requests the order of
 * draws follows the order requests arrive).
 */
final class FaultDice {
  private final RunPodSimulator.Faults faults;
  private final RunPodLedger ledger;
  private final Random random;

  FaultDice(RunPodSimulator.Faults faults, RunPodLedger ledger) {
    this.faults = faults;
    this.ledger = ledger;
    this.random = new Random(faults.seed);
  }

  RunPodSimulator.Faults faults() {
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

  /** A 502 with an HTML body or a 503 with a JSON error, half and half, if a {@code serverErrors} fault is drawn. */
  synchronized MockResponse serverError() {
    if (!roll("serverErrors", faults.serverErrors)) return null;
    return random.nextBoolean() ? Responses.badGateway() : Responses.unavailable();
  }

  /** What a new job will do instead of completing, drawn once per submission (and again per retry). */
  synchronized Job.Fate fate() {
    if (roll("failingJobs", faults.failingJobs)) return Job.Fate.FAIL;
    if (roll("timedOutJobs", faults.timedOutJobs)) return Job.Fate.TIME_OUT;
    return Job.Fate.COMPLETE;
  }
}
