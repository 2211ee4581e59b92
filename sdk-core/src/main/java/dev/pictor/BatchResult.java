package dev.pictor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a batch ended (or stands): every item with its result and cost, grouped by variant for side by
 * side comparison. Immutable.
 *
 * @param batchId the batch's id
 * @param items every item, in order
 * @param progress the counts and spend
 * @param budgetExhausted whether items were canceled because the budget would have been passed
 */
public record BatchResult(String batchId, List<BatchItem> items, BatchProgress progress, boolean budgetExhausted) {
  public BatchResult {
    items = List.copyOf(items);
  }

  /** The items that succeeded. */
  public List<BatchItem> succeeded() {
    return items.stream().filter(i -> i.status() == JobStatus.SUCCEEDED).toList();
  }

  /** The items that did not succeed. */
  public List<BatchItem> unsuccessful() {
    return items.stream().filter(i -> i.status() != JobStatus.SUCCEEDED).toList();
  }

  /** Items by variant name, in the order the variants were given; items without one under {@code ""}. */
  public Map<String, List<BatchItem>> byVariant() {
    Map<String, List<BatchItem>> out = new LinkedHashMap<>();
    for (BatchItem i : items) out.computeIfAbsent(i.variant() == null ? "" : i.variant(), k -> new ArrayList<>()).add(i);
    return out;
  }

  /** What the ended items cost. */
  public Money spent() {
    return progress.spent();
  }

  /** Whether every item succeeded. */
  public boolean allSucceeded() {
    return progress.succeeded() == items.size();
  }
}
