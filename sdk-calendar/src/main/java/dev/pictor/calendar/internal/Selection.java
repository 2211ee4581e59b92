package dev.pictor.calendar.internal;

import dev.pictor.InvalidRequestException;
import dev.pictor.calendar.CalendarVariant;
import dev.pictor.calendar.MonthPick;
import dev.pictor.calendar.ProjectStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The selection rules: exactly 12 picks, months 1 to 12 each used once, each variant once, every
 * variant of this project and succeeded. A wrong selection is refused with one message naming every
 * problem. Stateless; thread-safe.
 */
public final class Selection {
  /** Months in a calendar. */
  public static final int MONTHS = 12;

  private Selection() {}

  /**
   * Checks {@code picks} against the project.
   *
   * @throws InvalidRequestException with field {@code selection} naming every problem
   */
  public static void check(ProjectState s, List<MonthPick> picks) {
    requireSelectable(s);
    List<String> problems = new ArrayList<>();
    if (picks.size() != MONTHS) {
      problems.add("exactly 12 picks are needed, one per month; got " + picks.size());
    }
    Map<Integer, List<String>> byMonth = new TreeMap<>();
    Map<String, Integer> byVariant = new LinkedHashMap<>();
    for (MonthPick p : picks) {
      if (p.month() < 1 || p.month() > MONTHS) {
        problems.add("month " + p.month() + " (" + p.variantId() + ") is not a month: months are 1 to 12");
      } else {
        byMonth.computeIfAbsent(p.month(), k -> new ArrayList<>()).add(p.variantId());
      }
      byVariant.merge(p.variantId(), 1, Integer::sum);
    }
    byMonth.forEach((month, ids) -> {
      if (ids.size() > 1) problems.add("month " + month + " is given " + ids.size() + " times (" + String.join(", ", ids) + ")");
    });
    List<Integer> missing = new ArrayList<>();
    for (int m = 1; m <= MONTHS; m++) if (!byMonth.containsKey(m)) missing.add(m);
    if (!missing.isEmpty() && picks.size() <= MONTHS) problems.add("months without a variant: " + missing);
    byVariant.forEach((id, n) -> {
      if (n > 1) problems.add("variant " + id + " is picked " + n + " times; each variant illustrates one month");
    });
    for (String id : byVariant.keySet()) {
      ProjectState.VariantState v = variantOf(s, id);
      if (v == null) {
        problems.add("variant " + id + " is not a variant of project " + s.id);
      } else if (v.status != CalendarVariant.Status.SUCCEEDED) {
        problems.add("variant " + id + " is " + v.status.name().toLowerCase(java.util.Locale.ROOT)
            + (v.error == null ? "" : " (" + v.error + ")") + "; only succeeded variants can be picked: regenerate it or pick another");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException("selection", "selection for project " + s.id + " refused: "
          + String.join("; ", problems));
    }
  }

  /** The first 12 succeeded variants in number order, as January to December. */
  public static List<MonthPick> auto(ProjectState s) {
    requireSelectable(s);
    List<MonthPick> picks = new ArrayList<>();
    List<String> notReady = new ArrayList<>();
    for (ProjectState.VariantState v : s.variants) {
      if (v.status != CalendarVariant.Status.SUCCEEDED) notReady.add(s.variantId(v.number));
      else if (picks.size() < MONTHS) picks.add(MonthPick.of(picks.size() + 1, s.variantId(v.number)));
    }
    if (picks.size() < MONTHS) {
      throw new InvalidRequestException("selection", "auto-select needs 12 succeeded variants; project " + s.id
          + " has " + picks.size() + " (not succeeded: " + String.join(", ", notReady) + "): regenerate them first");
    }
    return picks;
  }

  private static void requireSelectable(ProjectState s) {
    if (s.status != ProjectStatus.READY_FOR_SELECTION) {
      throw new InvalidRequestException("status", "project " + s.id + " is " + s.status.wireName()
          + "; variants can be selected when it is ready_for_selection");
    }
    if (s.preview) {
      throw new InvalidRequestException("preview", "project " + s.id + " is a preview of " + s.variants.size()
          + " variants; generate the full set with generateFull() before selecting 12");
    }
  }

  /** The variant of {@code s} with that id, or null. */
  static ProjectState.VariantState variantOf(ProjectState s, String id) {
    String prefix = s.id + "-v";
    if (!id.startsWith(prefix)) return null;
    try {
      int number = Integer.parseInt(id.substring(prefix.length()));
      return s.variantId(number).equals(id) ? s.variant(number) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
