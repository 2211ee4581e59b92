package dev.pictor;

import java.util.List;
import java.util.Optional;

/**
 * One item of a batch: its request, the job (and chained steps) that ran it, how it ended, and its
 * estimated and actual cost. A host application charges credits per {@link #charge()} and refunds the
 * rest. Immutable snapshot.
 *
 * @param index position in the batch, from 0
 * @param variant the A/B variant it belongs to, or null
 * @param input the input image's name, or null for text to image
 * @param request the item's request, before chained steps
 * @param jobId the id of the item's first job (deterministic: {@code job_X-<index>} in batch {@code batch_X})
 * @param status the item's status: the last step's, or {@link JobStatus#PENDING} before it is submitted
 * @param jobs the item's jobs so far: the first, then each chained step
 * @param estimatedCost the estimate in the batch's unit, empty when unpriced
 * @param actualCost what the provider reported, or the estimate for a success when it reports nothing
 * @param error why it did not succeed
 */
public record BatchItem(int index, String variant, String input, GenerationRequest request, String jobId,
    JobStatus status, List<Job> jobs, Optional<Money> estimatedCost, Optional<Money> actualCost,
    Optional<JobError> error) {

  public BatchItem {
    jobs = List.copyOf(jobs);
  }

  /** The job whose outputs are the item's result: the last chained step, else the first job. */
  public Optional<Job> finalJob() {
    return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(jobs.size() - 1));
  }

  /** The item's output images: those of its final job. */
  public List<StoredOutput> outputs() {
    return finalJob().map(Job::outputs).orElse(List.of());
  }

  /**
   * What the batch spent on the item, for a host application to charge: its actual cost (a step that
   * succeeded before a later one failed still cost its price), or, without one, the estimate when it
   * succeeded and nothing otherwise. The charges of all items add up to {@link BatchProgress#spent()}
   * once they ended.
   */
  public Optional<Money> charge() {
    if (actualCost.isPresent()) return actualCost;
    if (status != JobStatus.SUCCEEDED) return estimatedCost.map(m -> Money.zero(m.currency()));
    return estimatedCost;
  }

  /** The variant, when the item belongs to one. */
  public Optional<String> variantOptional() {
    return Optional.ofNullable(variant);
  }

  @Override
  public String toString() {
    return "BatchItem{" + index + (variant == null ? "" : " " + variant) + ", " + jobId + " " + status.wireName() + "}";
  }
}
