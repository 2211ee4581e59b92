package dev.pictor.runpod;

import java.util.Objects;

/**
 * What RunPod's {@code GET /health} says about one endpoint: its jobs by state and its workers by
 * state. Immutable and thread-safe.
 *
 * <pre>{@code
 * EndpointHealth h = RunPodEndpoints.of(client, runpod).health("flux-kontext-dev").join();
 * if (h.jobs().inQueue() > 50 && h.workers().running() == 0) alertOps(h);
 * }</pre>
 *
 * @param endpointId the endpoint asked about
 * @param jobs job counts
 * @param workers worker counts
 */
public record EndpointHealth(String endpointId, JobCounts jobs, WorkerCounts workers) {
  public EndpointHealth {
    Objects.requireNonNull(endpointId, "endpointId == null");
    Objects.requireNonNull(jobs, "jobs == null");
    Objects.requireNonNull(workers, "workers == null");
  }

  /**
   * The endpoint's jobs by state, as RunPod counts them. Immutable.
   *
   * @param completed finished successfully
   * @param failed finished with an error
   * @param inProgress running on a worker
   * @param inQueue waiting for a worker
   * @param retried sent again with {@code /retry}
   */
  public record JobCounts(int completed, int failed, int inProgress, int inQueue, int retried) {}

  /**
   * The endpoint's workers by state, as RunPod counts them. Immutable.
   *
   * @param idle ready and without a job
   * @param initializing starting up
   * @param ready able to take a job
   * @param running working on a job
   * @param throttled held back by RunPod (no capacity)
   */
  public record WorkerCounts(int idle, int initializing, int ready, int running, int throttled) {}
}
