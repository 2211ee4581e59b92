package dev.pictor.cli;

import dev.pictor.Job;
import dev.pictor.JobError;
import dev.pictor.JobStatus;
import dev.pictor.Money;
import dev.pictor.StoredOutput;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** What a run did, item by item, as printed by {@link SummaryWriter}. Immutable. */
record Summary(int jobs, List<Item> items, long durationMs, BigDecimal estimatedUsd) {
  /** Status of an item that was never submitted (the run was interrupted first). */
  static final String SKIPPED = "skipped";

  Summary {
    items = List.copyOf(items);
  }

  /** One item: its job id (null when never submitted), status, files, cost and error. */
  record Item(String id, String status, List<String> files, BigDecimal costUsd, String error) {
    Item {
      files = List.copyOf(files);
    }

    static Item of(Job job) {
      List<String> files = job.outputs().stream().map(StoredOutput::location).toList();
      return new Item(job.id(), job.status().wireName(), files, usd(job.actualCost()).orElse(null),
          job.error().map(JobError::message).orElse(null));
    }

    static Item notSubmitted(String error) {
      return new Item(null, error == null ? SKIPPED : JobStatus.FAILED.wireName(), List.of(), null, error);
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
