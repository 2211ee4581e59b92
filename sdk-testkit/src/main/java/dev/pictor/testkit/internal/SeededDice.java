package dev.pictor.testkit.internal;

import java.util.Random;
import java.util.function.Consumer;

/**
 * The simulators' source of injected faults: draws from one seeded {@link Random}, so a run is
 * repeatable, and reports each fault it injects. Thread-safe (draws are serialized; with concurrent
 * requests their order follows the order requests arrive). Shared by the testkit's simulators; not API.
 */
public final class SeededDice {
  private final Random random;
  private final Consumer<String> injected;

  /** Dice seeded with {@code seed}; {@code injected} hears the name of every fault {@link #roll} injects. */
  public SeededDice(long seed, Consumer<String> injected) {
    this.random = new Random(seed);
    this.injected = injected;
  }

  /** True with probability {@code p}; a hit is reported under {@code kind}. */
  public synchronized boolean roll(String kind, double p) {
    if (p <= 0) return false;
    boolean hit = random.nextDouble() < p;
    if (hit) injected.accept(kind);
    return hit;
  }

  /** True with probability {@code p}, reported by the caller only if it applies the fault. */
  public synchronized boolean draw(double p) {
    return p > 0 && random.nextDouble() < p;
  }

  /** A fair coin. */
  public synchronized boolean coin() {
    return random.nextBoolean();
  }
}
