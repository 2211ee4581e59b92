package dev.pictor.calendar;

import java.util.Objects;

/**
 * One pick of a selection: the variant that illustrates a month. A selection is exactly twelve
 * picks, months 1 to 12 each once (seed 001's {@code VariantSelection}). Immutable and thread-safe.
 *
 * <pre>{@code
 * project.select(List.of(MonthPick.of(1, "cal_x-v07"), MonthPick.of(2, "cal_x-v03"), ...));
 * }</pre>
 *
 * @param month the month, 1 (January) to 12 (December)
 * @param variantId the variant's id, as {@link CalendarVariant#id()} gives it
 */
public record MonthPick(int month, String variantId) {
  /**
   * Checks that the variant id is given; the month is checked by the selection, which names every
   * problem at once.
   *
   * @throws NullPointerException when {@code variantId} is null
   */
  public MonthPick {
    Objects.requireNonNull(variantId, "variantId == null");
  }

  /**
   * A pick.
   *
   * @param month 1 to 12
   * @param variantId the variant's id
   * @return the pick
   */
  public static MonthPick of(int month, String variantId) {
    return new MonthPick(month, variantId);
  }
}
