package dev.pictor.calendar;

import java.util.Locale;

/**
 * Where a calendar project is, as seed 001's status DTO names it.
 *
 * <pre>
 * PENDING ─▶ TRAINING ─▶ GENERATING ─▶ READY_FOR_SELECTION ─▶ FINALIZING ─▶ COMPLETED
 *    │           │            ▲  │              │  ▲
 *    │           ▼            │  ▼              ▼  │ regenerate
 *    └──────▶ FAILED ◀────────┴──┘          GENERATING
 * </pre>
 *
 * <p>Direct stylisation skips {@code TRAINING}. A project fails when its training fails, when every
 * variant failed (regenerating one brings it back to {@code GENERATING}), or when it expired
 * without a selection. Immutable and thread-safe.
 */
public enum ProjectStatus {
  /** Stored, nothing started yet. */
  PENDING,
  /** A LoRA is being trained on the customer's photos. */
  TRAINING,
  /** Variants are being generated; each is available as soon as it is ready. */
  GENERATING,
  /** Every variant ended; the customer picks 12 and gives each a month. */
  READY_FOR_SELECTION,
  /** The calendar is being rendered. */
  FINALIZING,
  /** The calendar was rendered and the unselected variants deleted. */
  COMPLETED,
  /** Training failed, every variant failed, or the project expired; see {@link CalendarProgress#failure()}. */
  FAILED;

  /** Lowercase name as stored and printed: {@code ready_for_selection}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@link #wireName()}, ignoring case.
   *
   * @param name the wire name
   * @return the status
   * @throws IllegalArgumentException when it is no status
   */
  public static ProjectStatus fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** Whether the project waits for nothing more from a provider: ready, completed or failed. */
  public boolean isSettled() {
    return this == READY_FOR_SELECTION || this == COMPLETED || this == FAILED;
  }
}
