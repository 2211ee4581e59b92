package dev.pictor.spi;

import dev.pictor.JobStatus;
import dev.pictor.Money;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider says about a job after a submit, a poll or a webhook: its id at the provider, its
 * status mapped onto {@link JobStatus}, and, as they become known, outputs, progress, durations, cost
 * and error. Immutable.
 *
 * <pre>{@code
 * return ProviderJob.builder("pred_123", JobStatus.RUNNING).progress(0.4).pollAfter(Duration.ofSeconds(2)).build();
 * }</pre>
 */
public final class ProviderJob {
  private final String providerJobId;
  private final JobStatus status;
  private final List<ProviderOutput> outputs;
  private final Double progress;
  private final Duration queueDuration;
  private final Duration processingDuration;
  private final Money cost;
  private final String errorCode;
  private final String errorMessage;
  private final Duration pollAfter;
  private final String jobId;

  private ProviderJob(Builder b) {
    this.providerJobId = Objects.requireNonNull(b.providerJobId, "providerJobId == null");
    this.status = Objects.requireNonNull(b.status, "status == null");
    this.outputs = List.copyOf(b.outputs);
    this.progress = b.progress;
    this.queueDuration = b.queueDuration;
    this.processingDuration = b.processingDuration;
    this.cost = b.cost;
    this.errorCode = b.errorCode;
    this.errorMessage = b.errorMessage;
    this.pollAfter = b.pollAfter;
    this.jobId = b.jobId;
    if (status == JobStatus.PENDING) throw new IllegalArgumentException("a provider job cannot be PENDING");
  }

  public static Builder builder(String providerJobId, JobStatus status) {
    return new Builder(providerJobId, status);
  }

  /** Accepted and queued. */
  public static ProviderJob submitted(String providerJobId) {
    return builder(providerJobId, JobStatus.SUBMITTED).build();
  }

  /** Finished with these outputs. */
  public static ProviderJob succeeded(String providerJobId, List<ProviderOutput> outputs) {
    return builder(providerJobId, JobStatus.SUCCEEDED).outputs(outputs).build();
  }

  /** Failed with the provider's message. */
  public static ProviderJob failed(String providerJobId, String message) {
    return builder(providerJobId, JobStatus.FAILED).error(null, message).build();
  }

  public String providerJobId() { return providerJobId; }
  public JobStatus status() { return status; }
  public List<ProviderOutput> outputs() { return outputs; }
  public Optional<Double> progress() { return Optional.ofNullable(progress); }
  public Optional<Duration> queueDuration() { return Optional.ofNullable(queueDuration); }
  public Optional<Duration> processingDuration() { return Optional.ofNullable(processingDuration); }
  /** The actual cost the provider reported, when it does. */
  public Optional<Money> cost() { return Optional.ofNullable(cost); }
  public Optional<String> errorCode() { return Optional.ofNullable(errorCode); }
  public Optional<String> errorMessage() { return Optional.ofNullable(errorMessage); }
  /** A hint for when to poll next; the core's adaptive schedule is used otherwise. */
  public Optional<Duration> pollAfter() { return Optional.ofNullable(pollAfter); }

  /**
   * The Pictor job this update belongs to, when the provider knows it for sure (a verified per-job
   * webhook URL). It lets a job whose submit answer was lost (status unknown) be adopted.
   */
  public Optional<String> jobId() { return Optional.ofNullable(jobId); }

  /** A copy naming the Pictor job it belongs to. */
  public ProviderJob withJobId(String pictorJobId) {
    Builder b = builder(providerJobId, status).outputs(outputs).error(errorCode, errorMessage).jobId(pictorJobId);
    if (progress != null) b.progress(progress);
    if (queueDuration != null) b.queueDuration(queueDuration);
    if (processingDuration != null) b.processingDuration(processingDuration);
    if (cost != null) b.cost(cost);
    if (pollAfter != null) b.pollAfter(pollAfter);
    return b.build();
  }

  @Override
  public String toString() {
    return "ProviderJob{" + providerJobId + " " + status.wireName() + ", outputs=" + outputs.size() + "}";
  }

  /** Builds a {@link ProviderJob}. Not thread-safe. */
  public static final class Builder {
    private final String providerJobId;
    private final JobStatus status;
    private List<ProviderOutput> outputs = List.of();
    private Double progress;
    private Duration queueDuration;
    private Duration processingDuration;
    private Money cost;
    private String errorCode;
    private String errorMessage;
    private Duration pollAfter;
    private String jobId;

    private Builder(String providerJobId, JobStatus status) {
      this.providerJobId = providerJobId;
      this.status = status;
    }

    public Builder outputs(List<ProviderOutput> outputs) { this.outputs = outputs; return this; }
    public Builder progress(double fraction) { this.progress = fraction; return this; }
    public Builder queueDuration(Duration d) { this.queueDuration = d; return this; }
    public Builder processingDuration(Duration d) { this.processingDuration = d; return this; }
    public Builder cost(Money cost) { this.cost = cost; return this; }
    public Builder error(String code, String message) { this.errorCode = code; this.errorMessage = message; return this; }
    public Builder pollAfter(Duration d) { this.pollAfter = d; return this; }
    /** The Pictor job it belongs to, when known for sure; see {@link ProviderJob#jobId()}. */
    public Builder jobId(String pictorJobId) { this.jobId = pictorJobId; return this; }

    public ProviderJob build() {
      return new ProviderJob(this);
    }
  }
}
