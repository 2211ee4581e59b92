package dev.pictor.internal;

import dev.pictor.BatchEstimate;
import dev.pictor.GenerationRequest;
import dev.pictor.Job;
import dev.pictor.JobStatus;
import dev.pictor.Money;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A batch's prices in one unit: each item's estimate (its request and its chained steps), and what
 * an item actually cost once its jobs ended: the provider's reported cost where it gave one in this
 * unit, else the estimate of each step that succeeded.
 */
final class BatchCosts {
  private final String unit;
  private final Function<GenerationRequest, Optional<Money>> pricer;
  private final Money[] estimates;
  private final Set<String> unpricedModels = new LinkedHashSet<>();
  private final dev.pictor.PriceList prices;
  private final Optional<Money> total;

  /** {@code pricer} prices one job's request in {@code unit}, empty when it cannot. */
  BatchCosts(String unit, List<GenerationRequest> items, Function<GenerationRequest, Optional<Money>> pricer,
      Function<GenerationRequest, List<GenerationRequest>> steps, dev.pictor.PriceList prices) {
    this.unit = unit;
    this.prices = prices;
    this.pricer = pricer;
    this.estimates = new Money[items.size()];
    for (int i = 0; i < estimates.length; i++) {
      Money sum = Money.zero(unit);
      for (GenerationRequest job : steps.apply(items.get(i))) {
        Optional<Money> one = pricer.apply(job);
        if (one.isEmpty()) {
          unpricedModels.add(job.model());
          sum = null;
          break;
        }
        sum = sum.plus(one.get());
      }
      estimates[i] = sum;
    }
    this.total = sum(estimates, unit);
  }

  private static Optional<Money> sum(Money[] estimates, String unit) {
    Money sum = Money.zero(unit);
    for (Money m : estimates) {
      if (m == null) return Optional.empty();
      sum = sum.plus(m);
    }
    return Optional.of(sum);
  }

  String unit() {
    return unit;
  }

  /** Item {@code i}'s estimate, or null when unpriced. */
  Money estimate(int i) {
    return estimates[i];
  }

  Optional<Money> total() {
    return total;
  }

  Set<String> unpricedModels() {
    return unpricedModels;
  }

  /**
   * What an item's jobs cost, or null when none of them has a known cost: a job whose model the
   * caller's price list names costs that price when it succeeded (the caller's prices are the truth
   * for its budget); otherwise the cost the job carries in this unit, else the estimate of a success.
   */
  Money actual(List<Job> jobs) {
    Money sum = null;
    for (Job job : jobs) {
      Money one = null;
      if (prices != null && prices.perImage(job.model()).isPresent()) {
        if (job.status() == JobStatus.SUCCEEDED) one = pricer.apply(job.request()).orElse(null);
      } else if (job.actualCost().isPresent() && job.actualCost().get().currency().equals(unit)) one = job.actualCost().get();
      else if (job.status() == JobStatus.SUCCEEDED) one = pricer.apply(job.request()).orElse(null);
      if (one != null) sum = sum == null ? one : sum.plus(one);
    }
    return sum;
  }

  BatchEstimate toEstimate() {
    List<Optional<Money>> per = new ArrayList<>(estimates.length);
    for (Money m : estimates) per.add(Optional.ofNullable(m));
    return new BatchEstimate(unit, per, total(), unpricedModels);
  }
}
