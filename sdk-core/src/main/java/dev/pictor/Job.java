package dev.pictor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A snapshot of one generation job as Pictor stores it: a client-side id given before anything is
 * sent, its status, timestamps, durations, attempts, cost, outputs and error. Immutable; every
 * transition makes a new snapshot, saved to the {@code JobStore} before the next step.
 *
 * <p>Read jobs with {@link GenerationClient#job(String)} or {@link GenerationClient#jobs(JobQuery)}.
 */
public final class Job {
  private final String id;
  private final JobStatus status;
  private final GenerationRequest request;
  private final String provider;
  private final String providerJobId;
  private final String batchId;
  private final String parentJobId;
  private final Instant createdAt;
  private final Instant submittedAt;
  private final Instant startedAt;
  private final Instant completedAt;
  private final Instant submitStartedAt;
  private final Duration queueDuration;
  private final Duration processingDuration;
  private final int attempts;
  private final Money estimatedCost;
  private final Money actualCost;
  private final List<StoredOutput> outputs;
  private final JobError error;
  private final String token;

  private Job(Builder b) {
    this.id = Objects.requireNonNull(b.id, "id == null");
    this.status = Objects.requireNonNull(b.status, "status == null");
    this.request = Objects.requireNonNull(b.request, "request == null");
    this.provider = Objects.requireNonNull(b.provider, "provider == null");
    this.providerJobId = b.providerJobId;
    this.batchId = b.batchId;
    this.parentJobId = b.parentJobId;
    this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt == null");
    this.submittedAt = b.submittedAt;
    this.startedAt = b.startedAt;
    this.completedAt = b.completedAt;
    this.submitStartedAt = b.submitStartedAt;
    this.queueDuration = b.queueDuration;
    this.processingDuration = b.processingDuration;
    this.attempts = b.attempts;
    this.estimatedCost = b.estimatedCost;
    this.actualCost = b.actualCost;
    this.outputs = b.outputs == null ? List.of() : List.copyOf(b.outputs);
    this.error = b.error;
    this.token = b.token;
  }

  /**
   * The job a {@link dev.pictor.spi.JobStore} record of kind {@code job} holds, as the core wrote it:
   * for tools that read a store without a client (a job list, an admin page).
   *
   * @throws IllegalArgumentException when the record is not a job or its payload cannot be read
   */
  public static Job fromRecord(dev.pictor.spi.JobRecord record) {
    if (!record.kind().equals(dev.pictor.spi.JobRecord.KIND_JOB)) {
      throw new IllegalArgumentException("record " + record.id() + " is a " + record.kind() + ", not a job");
    }
    return dev.pictor.internal.JobCodec.fromRecord(record);
  }

  /** For stores, codecs and tests; applications get jobs from the client. */
  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The client-side id, given before the job is sent. */
  public String id() {
    return id;
  }

  public JobStatus status() {
    return status;
  }

  /** The request as submitted (in-memory input images are not kept across restarts). */
  public GenerationRequest request() {
    return request;
  }

  public Action action() {
    return request.action();
  }

  public String model() {
    return request.model();
  }

  public String provider() {
    return provider;
  }

  public Optional<String> owner() {
    return request.owner();
  }

  public Set<String> tags() {
    return request.tags();
  }

  /** The provider's id for the job, once it accepted it. */
  public Optional<String> providerJobId() {
    return Optional.ofNullable(providerJobId);
  }

  /** The batch this job belongs to, if any. */
  public Optional<String> batchId() {
    return Optional.ofNullable(batchId);
  }

  /** The job whose output this chained step works on ({@link ChainStep}), if it is one. */
  public Optional<String> parentJobId() {
    return Optional.ofNullable(parentJobId);
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Optional<Instant> submittedAt() {
    return Optional.ofNullable(submittedAt);
  }

  public Optional<Instant> startedAt() {
    return Optional.ofNullable(startedAt);
  }

  public Optional<Instant> completedAt() {
    return Optional.ofNullable(completedAt);
  }

  /** When the last submit request began to be sent; set on a pending job once a send was attempted. */
  public Optional<Instant> submitStartedAt() {
    return Optional.ofNullable(submitStartedAt);
  }

  /** Time spent waiting in the provider's queue, as the provider reported it or as measured. */
  public Optional<Duration> queueDuration() {
    return Optional.ofNullable(queueDuration);
  }

  /** Time spent generating, as the provider reported it or as measured. */
  public Optional<Duration> processingDuration() {
    return Optional.ofNullable(processingDuration);
  }

  /** How many submit requests were sent (1 unless a create provably failed before reaching the provider). */
  public int attempts() {
    return attempts;
  }

  /** The cost from the catalogue's price before the job ran; empty when the model is unpriced. */
  public Optional<Money> estimatedCost() {
    return Optional.ofNullable(estimatedCost);
  }

  /** The cost the provider reported, or the estimate once the job succeeded. */
  public Optional<Money> actualCost() {
    return Optional.ofNullable(actualCost);
  }

  public List<StoredOutput> outputs() {
    return outputs;
  }

  public Optional<JobError> error() {
    return Optional.ofNullable(error);
  }

  /**
   * The masked label of the token that sent the job ({@code #2 (…wxyz)}), never the token itself.
   * Later calls for the job use the same token: some providers show a job only to its creator.
   */
  public Optional<String> token() {
    return Optional.ofNullable(token);
  }

  @Override
  public String toString() {
    return "Job{" + id + " " + status.wireName() + " " + request.action().wireName() + " " + provider + "/"
        + request.model() + (providerJobId == null ? "" : " providerJobId=" + providerJobId)
        + (error == null ? "" : " error=" + error.message()) + "}";
  }

  /** Builds a {@link Job} snapshot. Not thread-safe. */
  public static final class Builder {
    private String id;
    private JobStatus status;
    private GenerationRequest request;
    private String provider;
    private String providerJobId;
    private String batchId;
    private String parentJobId;
    private Instant createdAt;
    private Instant submittedAt;
    private Instant startedAt;
    private Instant completedAt;
    private Instant submitStartedAt;
    private Duration queueDuration;
    private Duration processingDuration;
    private int attempts;
    private Money estimatedCost;
    private Money actualCost;
    private List<StoredOutput> outputs;
    private JobError error;
    private String token;

    private Builder() {}

    private Builder(Job j) {
      id = j.id;
      status = j.status;
      request = j.request;
      provider = j.provider;
      providerJobId = j.providerJobId;
      batchId = j.batchId;
      parentJobId = j.parentJobId;
      createdAt = j.createdAt;
      submittedAt = j.submittedAt;
      startedAt = j.startedAt;
      completedAt = j.completedAt;
      submitStartedAt = j.submitStartedAt;
      queueDuration = j.queueDuration;
      processingDuration = j.processingDuration;
      attempts = j.attempts;
      estimatedCost = j.estimatedCost;
      actualCost = j.actualCost;
      outputs = j.outputs;
      error = j.error;
      token = j.token;
    }

    public Builder id(String id) { this.id = id; return this; }
    public Builder status(JobStatus status) { this.status = status; return this; }
    public Builder request(GenerationRequest request) { this.request = request; return this; }
    public Builder provider(String provider) { this.provider = provider; return this; }
    public Builder providerJobId(String providerJobId) { this.providerJobId = providerJobId; return this; }
    public Builder batchId(String batchId) { this.batchId = batchId; return this; }
    public Builder parentJobId(String parentJobId) { this.parentJobId = parentJobId; return this; }
    public Builder createdAt(Instant t) { this.createdAt = t; return this; }
    public Builder submittedAt(Instant t) { this.submittedAt = t; return this; }
    public Builder startedAt(Instant t) { this.startedAt = t; return this; }
    public Builder completedAt(Instant t) { this.completedAt = t; return this; }
    public Builder submitStartedAt(Instant t) { this.submitStartedAt = t; return this; }
    public Builder queueDuration(Duration d) { this.queueDuration = d; return this; }
    public Builder processingDuration(Duration d) { this.processingDuration = d; return this; }
    public Builder attempts(int attempts) { this.attempts = attempts; return this; }
    public Builder estimatedCost(Money cost) { this.estimatedCost = cost; return this; }
    public Builder actualCost(Money cost) { this.actualCost = cost; return this; }
    public Builder outputs(List<StoredOutput> outputs) { this.outputs = outputs; return this; }
    public Builder error(JobError error) { this.error = error; return this; }
    /** The masked label of the token that sent the job. */
    public Builder token(String maskedLabel) { this.token = maskedLabel; return this; }

    public Job build() {
      return new Job(this);
    }
  }
}
