package dev.pictor.runpod;

import dev.pictor.GenerationClient;
import dev.pictor.InvalidRequestException;
import dev.pictor.Job;
import dev.pictor.JobStatus;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * RunPod's endpoint operations that are not a job's own steps: {@code /health} (queue and worker
 * counts), {@code /purge-queue}, and {@code /retry} of a failed or timed-out job with a look at its
 * {@code /status} afterwards. Every call goes through {@link GenerationClient#providerCall}, so it
 * gets a leased key of the provider's pool, its rate limiter and the client's read retries.
 *
 * <p>Endpoints are named by endpoint id or by model id ({@code flux-kontext-dev}); jobs by their
 * Pictor id. A retried job runs again at RunPod under the same id, but the Pictor job keeps the end
 * it had: follow the new run with {@link #status}. Bad arguments throw at once; failures of the calls
 * complete the futures exceptionally with the core's exceptions. Immutable and thread-safe.
 *
 * <pre>{@code
 * RunPodEndpoints endpoints = RunPodEndpoints.of(client, runpod);
 * EndpointHealth h = endpoints.health("flux-kontext-dev").join();
 * System.out.println(h.jobs().inQueue() + " queued, " + h.workers().running() + " workers running");
 * RunPodJob again = endpoints.retry(failedJob.id()).join();        // IN_QUEUE
 * }</pre>
 */
public final class RunPodEndpoints {
  private final GenerationClient client;
  private final RunPodProvider provider;

  private RunPodEndpoints(GenerationClient client, RunPodProvider provider) {
    this.client = client;
    this.provider = provider;
  }

  /** Operations through {@code client}, which must have been built with {@code provider}. */
  public static RunPodEndpoints of(GenerationClient client, RunPodProvider provider) {
    return new RunPodEndpoints(Objects.requireNonNull(client, "client == null"), Objects.requireNonNull(provider, "provider == null"));
  }

  /**
   * The endpoint's job and worker counts.
   *
   * @throws InvalidRequestException when {@code endpoint} names no endpoint
   */
  public CompletableFuture<EndpointHealth> health(String endpoint) {
    String id = endpoint(endpoint);
    return client.providerCall(provider.id(), call -> provider.endpoints.health(call, id));
  }

  /**
   * Removes every queued job of the endpoint (running ones go on; RunPod allows 2 calls per 10 s) and
   * completes with how many were removed. Their Pictor jobs then end as their polls find them gone.
   *
   * @throws InvalidRequestException when {@code endpoint} names no endpoint
   */
  public CompletableFuture<Integer> purgeQueue(String endpoint) {
    String id = endpoint(endpoint);
    return client.providerCall(provider.id(), call -> provider.endpoints.purgeQueue(call, id));
  }

  /**
   * Runs a job that failed or timed out again at RunPod, with the same input and id, while RunPod still
   * keeps its results (30 minutes after a {@code /run} job ends, 1 minute after a {@code /runsync} one);
   * completes with the run as RunPod accepted it ({@code IN_QUEUE}).
   *
   * @throws InvalidRequestException when there is no such RunPod job, or it did not fail or expire
   */
  public CompletableFuture<RunPodJob> retry(String jobId) {
    Job job = job(jobId);
    if (job.status() != JobStatus.FAILED && job.status() != JobStatus.EXPIRED) {
      throw new InvalidRequestException("jobId", "job " + jobId + " ended " + job.status().wireName()
          + "; RunPod retries only jobs that failed or timed out");
    }
    String runpodId = job.providerJobId().orElseThrow();
    return client.providerCall(provider.id(), call -> provider.endpoints.retry(call, jobId, runpodId));
  }

  /**
   * The job's run as RunPod reports it now: after a {@link #retry}, its status, image URLs and cost.
   *
   * @throws InvalidRequestException when there is no such RunPod job
   */
  public CompletableFuture<RunPodJob> status(String jobId) {
    String runpodId = job(jobId).providerJobId().orElseThrow();
    return client.providerCall(provider.id(), call -> provider.endpoints.status(call, jobId, runpodId));
  }

  private String endpoint(String endpoint) {
    Objects.requireNonNull(endpoint, "endpoint == null");
    return provider.endpointFor(endpoint).orElseThrow(() -> new InvalidRequestException("endpoint",
        "'" + endpoint + "' names no RunPod endpoint: give an endpoint id or a model id such as "
            + RunPodModels.FLUX_KONTEXT_DEV.id()));
  }

  private Job job(String jobId) {
    Objects.requireNonNull(jobId, "jobId == null");
    Job job = client.job(jobId).orElseThrow(() -> new InvalidRequestException("jobId", "no job " + jobId + " in the client's store"));
    if (!provider.id().equals(job.provider()) || job.providerJobId().isEmpty()) {
      throw new InvalidRequestException("jobId", "job " + jobId + " has no RunPod job (provider " + job.provider()
          + (job.providerJobId().isEmpty() ? ", never accepted" : "") + ")");
    }
    return job;
  }
}
