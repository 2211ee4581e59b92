package dev.pictor;

/**
 * The provider accepted the job and ran it, and the job failed (a model error, a safety filter, an
 * expired result). {@link #job()} is the job as stored, with its error and provider id.
 *
 * <p>Exceptions are immutable once thrown and safe to pass between threads.
 */
public class JobFailedException extends GenerationException {
  private static final long serialVersionUID = 1L;

  private final transient Job job;

  public JobFailedException(String message, Job job) {
    super(message, job.provider(), null);
    this.job = job;
  }

  /** The failed job. */
  public Job job() {
    return job;
  }
}
