package dev.pictor;

/**
 * The request's deadline passed before the job finished. The job was cancelled at the provider and
 * ended {@link JobStatus#EXPIRED}; {@link #jobId()} names it.
 *
 * <p>Exceptions are immutable once thrown and safe to pass between threads.
 */
public class GenerationTimeoutException extends GenerationException {
  private static final long serialVersionUID = 1L;

  private final String jobId;

  public GenerationTimeoutException(String message, String provider, String jobId) {
    super(message, provider, null);
    this.jobId = jobId;
  }

  /** The expired job's id. */
  public String jobId() {
    return jobId;
  }
}
