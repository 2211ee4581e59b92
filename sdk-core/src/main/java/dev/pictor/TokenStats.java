package dev.pictor;

import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of one token of a {@link TokenPool}: its masked label, state and counters. Never holds
 * the token itself.
 *
 * <p>Immutable and thread-safe.
 */
public record TokenStats(
    String label,
    State state,
    long requests,
    long errors,
    int inFlight,
    Optional<Instant> lastUsed,
    Optional<Instant> coolingUntil) {

  /** Whether a token takes work. */
  public enum State {
    /** Takes work. */
    ACTIVE,
    /** Answered 429; rests until {@link #coolingUntil()}. */
    COOLING_DOWN,
    /** Switched off by hand; {@link TokenPool#enable} brings it back. */
    DISABLED,
    /** The provider refused it (401/403); {@link TokenPool#enable} brings it back. */
    REMOVED
  }
}
