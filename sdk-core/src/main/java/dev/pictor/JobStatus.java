package dev.pictor;

import java.util.Locale;

/**
 * Where a job is in its lifecycle.
 *
 * <pre>
 * PENDING ──submit──▶ SUBMITTED ──▶ RUNNING ──▶ SUCCEEDED | FAILED | CANCELED | EXPIRED
 *    │                    ▲
 *    └─ambiguous submit─▶ UNKNOWN ──reconciled──┘   (or stays UNKNOWN when it cannot be)
 * </pre>
 *
 * <p>Immutable and thread-safe.
 */
public enum JobStatus {
  /** Saved, not yet sent to the provider. */
  PENDING,
  /** The provider accepted it and gave it an id; it is queued. */
  SUBMITTED,
  /** The provider is working on it. */
  RUNNING,
  /** Finished, outputs stored. */
  SUCCEEDED,
  /** The provider or Pictor gave up on it; see {@link Job#error()}. */
  FAILED,
  /** Cancelled by the caller or at the provider. */
  CANCELED,
  /** Its deadline passed (or the provider expired it); it was cancelled at the provider. */
  EXPIRED,
  /** The submit's outcome is ambiguous and is being, or could not be, reconciled. */
  UNKNOWN;

  /** Whether the job will not change any more. {@link #UNKNOWN} is not terminal: it may be reconciled. */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELED || this == EXPIRED;
  }

  /** Lowercase name as stored and printed. */
  public String wireName() {
    return wire;
  }

  private final String wire = name().toLowerCase(Locale.ROOT);

  /** Parses {@link #wireName()}, case-insensitive. */
  public static JobStatus fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
