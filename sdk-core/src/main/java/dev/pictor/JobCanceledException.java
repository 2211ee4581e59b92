package dev.pictor;

/**
 * The job was cancelled (by the caller, by {@code close()}, or at the provider) before it finished.
 * Immutable once thrown and safe to pass between threads.
 */
public class JobCanceledException extends GenerationException {
  private static final long serialVersionUID = 1L;

  private final String jobId;

  public JobCanceledException(String message, String provider, String jobId) {
    super(message, provider, null);
    this.jobId = jobId;
  }

  /** The cancelled job's id. */
  public String jobId() {
    return jobId;
  }
}
