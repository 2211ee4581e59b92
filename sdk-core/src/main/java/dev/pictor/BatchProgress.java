package dev.pictor;

import java.time.Duration;
import java.util.Optional;

/**
 * A snapshot of a batch: how many items there are, how many ended and how, how many run, what was
 * spent so far and the estimate for all items, and an ETA from the durations measured so far.
 * Immutable.
 *
 * @param total items in the batch
 * @param done items that ended (succeeded, failed or canceled)
 * @param succeeded items whose every step succeeded
 * @param failed items that failed, or whose outcome is unknown
 * @param canceled items canceled (by {@link Batch#cancel()}, fail-fast or the budget)
 * @param inFlight items submitted and not yet ended
 * @param spent what the ended items cost, in the batch's unit (actual cost where the provider reported one)
 * @param estimated the estimate for every item, when every item is priced
 * @param eta how long the rest should take at the pace measured so far, once one item ended
 */
public record BatchProgress(int total, int done, int succeeded, int failed, int canceled, int inFlight,
    Money spent, Optional<Money> estimated, Optional<Duration> eta) {

  /** Items not yet submitted. */
  public int waiting() {
    return total - done - inFlight;
  }

  /** Whether every item ended. */
  public boolean finished() {
    return done == total;
  }

  @Override
  public String toString() {
    return done + "/" + total + " done (" + succeeded + " ok, " + failed + " failed, " + canceled + " canceled), "
        + inFlight + " running, spent " + spent;
  }
}
