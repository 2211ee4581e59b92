package dev.pictor;

import java.time.Duration;

/**
 * Receives job and token events. Every method has an empty default, so implement only what you need.
 * Calls come on the client's callback executor (see {@link GenerationClient.Builder#callbackExecutor}),
 * possibly from several threads at once; implementations must be thread-safe and should not block.
 * An exception thrown by a listener is logged and ignored.
 *
 * <pre>{@code
 * GenerationListener log = new GenerationListener() {
 *   @Override public void onSucceeded(Job job) { System.out.println(job.id() + " done"); }
 * };
 * }</pre>
 */
public interface GenerationListener {
  /** A listener that ignores everything. */
  GenerationListener NONE = new GenerationListener() {};

  /** The provider accepted the job. */
  default void onSubmitted(Job job) {}

  /** The provider started working on the job. */
  default void onStarted(Job job) {}

  /** The provider reported progress, from 0 to 1. */
  default void onProgress(Job job, double fraction) {}

  /** A request for the job failed and will be tried again after {@code delay}. */
  default void onRetried(Job job, int attempt, GenerationException cause, Duration delay) {}

  /** The job succeeded and its outputs are stored. */
  default void onSucceeded(Job job) {}

  /** The job failed, expired, or ended with an unknown outcome. */
  default void onFailed(Job job, GenerationException error) {}

  /** The job was cancelled. */
  default void onCanceled(Job job) {}

  /** A token answered 429 and rests for {@code cooldown}; {@code token} is its masked label. */
  default void onTokenCooledDown(String provider, String token, Duration cooldown) {}

  /** A token was removed from its pool (401/403); {@code token} is its masked label. */
  default void onTokenRemoved(String provider, String token, String reason) {}
}
