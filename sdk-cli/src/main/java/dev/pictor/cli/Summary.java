package dev.pictor.cli;

import dev.pictor.BatchItem;
import dev.pictor.BatchResult;
import dev.pictor.JobError;
import dev.pictor.JobStatus;
import dev.pictor.Money;
import dev.pictor.StoredOutput;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What a run did, item by item, as printed by {@link SummaryWriter}. Immutable. */
record Summary(int jobs, List<Item> items, long durationMs, BigDecimal estimatedUsd, Path zip) {
  /** Status of an item that was never submitted (the run was interrupted first). */
  static final String SKIPPED = "skipped";

  Summary {
    items = List.copyOf(items);
  }

  /** An {@code --estimate} run: no items. */
  static Summary estimateOnly(int jobs, BigDecimal estimatedUsd) {
    return new Summary(jobs, List.of(), 0, estimatedUsd, null);
  }

  static Summary of(BatchResult result, long durationMs, BigDecimal estimatedUsd, Path zip) {
    List<Item> items = result.items().stream().map(Item::of).toList();
    return new Summary(result.items().size(), items, durationMs, estimatedUsd, zip);
  }

  /**
   * One item: its job id (null when never submitted), variant, status, files, cost, estimate and
   * error.
   */
  record Item(String id, String variant, String status, List<String> files, BigDecimal costUsd, BigDecimal estimatedUsd,
      String error) {
    Item {
      files = List.copyOf(files);
    }

    static Item of(BatchItem item) {
      boolean sent = !item.jobs().isEmpty();
      List<String> files = item.outputs().stream().map(StoredOutput::location).toList();
      String status = !sent && item.status() == JobStatus.PENDING ? SKIPPED : item.status().wireName();
      return new Item(sent ? item.jobId() : null, item.variant(), status, files, usd(item.actualCost()).orElse(null),
          usd(item.estimatedCost()).orElse(null), item.error().map(JobError::message).orElse(null));
    }
  }

  long count(String status) {
    return items.stream().filter(i -> i.status().equals(status)).count();
  }

  long succeeded() {
    return count("succeeded");
  }

  /** Failed and expired items. */
  long failed() {
    return count("failed") + count("expired");
  }

  long unknown() {
    return count("unknown");
  }

  long canceled() {
    return count("canceled");
  }

  BigDecimal spentUsd() {
    BigDecimal sum = items.stream().map(Item::costUsd).filter(c -> c != null).reduce(BigDecimal.ZERO, BigDecimal::add);
    return new Money(sum, "USD").amount();
  }

  /** Whether every item succeeded. */
  boolean allSucceeded() {
    return succeeded() == jobs;
  }

  /** The amount when it is in US dollars. */
  static Optional<BigDecimal> usd(Optional<Money> money) {
    return money.filter(m -> m.currency().equals("USD")).map(Money::amount);
  }
}
