package dev.pictor.runpod;

import dev.pictor.JobStatus;
import dev.pictor.Money;
import dev.pictor.runpod.internal.Parser;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Pictor job's run as RunPod reports it now, outside the job's own life: after
 * {@link RunPodEndpoints#retry} sent it again, say. Immutable and thread-safe.
 *
 * @param jobId the Pictor job id
 * @param endpointId the endpoint it runs on
 * @param runpodJobId RunPod's id for it
 * @param runpodStatus RunPod's status: {@code IN_QUEUE}, {@code IN_PROGRESS}, {@code COMPLETED}, {@code FAILED},
 *     {@code CANCELLED} or {@code TIMED_OUT}
 * @param imageUrls the output images' URLs once completed (RunPod keeps public endpoints' images 7 days)
 * @param cost {@code output.cost}, when the endpoint reports it
 * @param error RunPod's error, when the run failed
 */
public record RunPodJob(String jobId, String endpointId, String runpodJobId, String runpodStatus, List<String> imageUrls,
    Optional<Money> cost, Optional<String> error) {
  public RunPodJob {
    Objects.requireNonNull(runpodJobId, "runpodJobId == null");
    imageUrls = List.copyOf(imageUrls);
    cost = Objects.requireNonNull(cost, "cost == null");
    error = Objects.requireNonNull(error, "error == null");
  }

  /** {@link #runpodStatus()} as Pictor's status ({@code IN_QUEUE} is {@link JobStatus#SUBMITTED}, and so on). */
  public JobStatus status() {
    return Parser.status(runpodStatus);
  }
}
