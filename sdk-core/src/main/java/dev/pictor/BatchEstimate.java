package dev.pictor;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a batch should cost before anything is sent, from the catalogue's prices or the caller's
 * {@link PriceList}. An item whose model has no price in the batch's unit is <em>unpriced</em>, never
 * free: then there is no total. Immutable.
 *
 * @param unit the unit of every amount ({@code USD}, or the price list's)
 * @param perItem each item's estimate, in order; empty for an unpriced item
 * @param total the sum, when every item is priced
 * @param unpricedModels the models without a price in this unit
 */
public record BatchEstimate(String unit, List<Optional<Money>> perItem, Optional<Money> total, Set<String> unpricedModels) {
  public BatchEstimate {
    perItem = List.copyOf(perItem);
    unpricedModels = Set.copyOf(unpricedModels);
  }

  /** How many items have no price. */
  public long unpriced() {
    return perItem.stream().filter(Optional::isEmpty).count();
  }

  @Override
  public String toString() {
    return "BatchEstimate{" + perItem.size() + " items, total " + total.map(Money::toString).orElse("unknown (unpriced: "
        + unpricedModels + ")") + "}";
  }
}
