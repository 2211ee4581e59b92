package dev.pictor.runpod.internal;

import dev.pictor.InvalidRequestException;
import dev.pictor.Money;
import dev.pictor.runpod.EndpointHealth;
import dev.pictor.runpod.RunPodJob;
import dev.pictor.spi.ProviderCall;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The endpoint operations that are not a job's own steps: {@code /health}, {@code /purge-queue},
 * {@code /retry/{id}} and a look at {@code /status/{id}} after a retry. Thread-safe.
 */
public final class Endpoints {
  private final Settings settings;
  private final Api api;

  public Endpoints(Settings settings, Api api) {
    this.settings = settings;
    this.api = api;
  }

  public CompletableFuture<EndpointHealth> health(ProviderCall call, String endpoint) {
    Op<EndpointHealth> op = new Op<>();
    return op.finish(api.get(call, op, settings.url(endpoint, "health")).thenApply(h -> {
      Map<String, Object> j = Json.object(h, "jobs");
      Map<String, Object> w = Json.object(h, "workers");
      return new EndpointHealth(endpoint,
          new EndpointHealth.JobCounts(Json.count(j, "completed"), Json.count(j, "failed"), Json.count(j, "inProgress"),
              Json.count(j, "inQueue"), Json.count(j, "retried")),
          new EndpointHealth.WorkerCounts(Json.count(w, "idle"), Json.count(w, "initializing"), Json.count(w, "ready"),
              Json.count(w, "running"), Json.count(w, "throttled")));
    }));
  }

  /** Removes the queued jobs (running ones go on); completes with how many were removed. */
  public CompletableFuture<Integer> purgeQueue(ProviderCall call, String endpoint) {
    Op<Integer> op = new Op<>();
    return op.finish(api.post(call, op, settings.url(endpoint, "purge-queue"), null).thenApply(a -> Json.count(a, "removed")));
  }

  /** Sends a failed or timed-out job again, same id; a 404 means its results are gone and it cannot be. */
  public CompletableFuture<RunPodJob> retry(ProviderCall call, String jobId, String providerJobId) {
    return read(call, jobId, providerJobId, "retry", true);
  }

  /** The run's state now. */
  public CompletableFuture<RunPodJob> status(ProviderCall call, String jobId, String providerJobId) {
    return read(call, jobId, providerJobId, "status", false);
  }

  private CompletableFuture<RunPodJob> read(ProviderCall call, String jobId, String providerJobId, String what, boolean post) {
    Op<RunPodJob> op = new Op<>();
    String endpoint = JobIds.endpoint(providerJobId);
    String id = JobIds.runpodId(providerJobId);
    Request.Builder http = api.request(call, settings.url(endpoint, what + "/" + id));
    if (post) http.post(RequestBody.create(new byte[0]));
    else http.get();
    return op.finish(api.exchange(op, call.http(), http.build(), false).thenApply(a -> {
      if (a.code() == 404) {
        throw new InvalidRequestException("jobId", "/" + what + " for job " + jobId + ": "
            + Parser.gone(endpoint, id).errorMessage().orElse(""), Settings.PROVIDER, null);
      }
      Map<String, Object> env = api.check(call, a, false);
      Object output = env.get("output");
      Money cost = Parser.cost(output);
      Object error = env.get("error");
      String status = Json.string(env, "status");
      return new RunPodJob(jobId, endpoint, Optional.ofNullable(Json.string(env, "id")).orElse(id),
          status == null ? "UNKNOWN" : status, Outputs.urls(output), Optional.ofNullable(cost),
          error == null ? Optional.empty() : Optional.of(Errors.plain(String.valueOf(error))));
    }));
  }
}
