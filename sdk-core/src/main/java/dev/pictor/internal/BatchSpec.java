package dev.pictor.internal;

import dev.pictor.BatchListener;
import dev.pictor.GenerationRequest;
import dev.pictor.Money;
import dev.pictor.PriceList;
import java.util.List;

/**
 * Everything a batch was built with: its items, how many run at once, the budget and prices, and
 * whether the first failure stops it. Stored with the batch so a restart can continue it.
 */
public record BatchSpec(String name, List<Item> items, int maxConcurrency, Money budget, PriceList prices,
    boolean failFast, BatchListener listener) {

  /** One item: its request and, for A/B variants and manifests, its variant and input name. */
  public record Item(int index, String variant, String input, GenerationRequest request) {}

  public BatchSpec {
    items = List.copyOf(items);
  }
}
