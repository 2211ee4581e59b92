package dev.pictor.replicate;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A training Replicate has created: its {@link #id()}, known as soon as the create was answered, and
 * the {@link #result()} it ends with. Store the id at once: after a restart
 * {@link ReplicateTrainings#follow(String)} picks the training up by it, instead of paying for another.
 * Immutable and thread-safe; cancelling {@link #result()} cancels the training at Replicate.
 *
 * <pre>{@code
 * StartedTraining training = trainings.start(request).join();   // completes once Replicate created it
 * projects.saveTrainingId(projectId, training.id());
 * TrainedVersion lora = training.result().join();               // completes when it has ended
 * }</pre>
 */
public final class StartedTraining {
  private final String id;
  private final CompletableFuture<TrainedVersion> result;

  StartedTraining(String id, CompletableFuture<TrainedVersion> result) {
    this.id = Objects.requireNonNull(id, "id == null");
    this.result = Objects.requireNonNull(result, "result == null");
  }

  /** Replicate's id of the training. */
  public String id() {
    return id;
  }

  /**
   * Completes when the training has ended: with the trained version, or with a
   * {@link dev.pictor.GenerationException} when it failed ({@link dev.pictor.JobCanceledException}
   * when it was cancelled or aborted). Cancelling it cancels the training at Replicate.
   *
   * @return the same future on every call
   */
  public CompletableFuture<TrainedVersion> result() {
    return result;
  }

  @Override
  public String toString() {
    return "StartedTraining{" + id + (result.isDone() ? ", ended" : "") + "}";
  }
}
