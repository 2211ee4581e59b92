package dev.pictor.spi;

import java.util.Optional;

/**
 * A provider's answer to "did this ambiguous submit reach you?": {@link #found} the job it created,
 * {@link #notFound} (provably not, so the core may send it again), or {@link #unsupported} (it cannot
 * tell; the job stays {@code UNKNOWN} unless the caller opted into resending).
 *
 * <p>Immutable and thread-safe.
 */
public final class Reconciliation {
  /** The three possible answers. */
  public enum Outcome { FOUND, NOT_FOUND, UNSUPPORTED }

  private static final Reconciliation NOT_FOUND = new Reconciliation(Outcome.NOT_FOUND, null);
  private static final Reconciliation UNSUPPORTED = new Reconciliation(Outcome.UNSUPPORTED, null);

  private final Outcome outcome;
  private final ProviderJob job;

  private Reconciliation(Outcome outcome, ProviderJob job) {
    this.outcome = outcome;
    this.job = job;
  }

  public static Reconciliation found(ProviderJob job) {
    return new Reconciliation(Outcome.FOUND, java.util.Objects.requireNonNull(job, "job == null"));
  }

  public static Reconciliation notFound() {
    return NOT_FOUND;
  }

  public static Reconciliation unsupported() {
    return UNSUPPORTED;
  }

  public Outcome outcome() {
    return outcome;
  }

  public Optional<ProviderJob> job() {
    return Optional.ofNullable(job);
  }

  @Override
  public String toString() {
    return "Reconciliation{" + outcome + (job == null ? "" : ", " + job) + "}";
  }
}
