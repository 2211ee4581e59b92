package dev.pictor;

/**
 * A create failed ambiguously (a timeout or reset after the request was sent) and the provider could
 * not tell whether it received it. The job ended {@link JobStatus#UNKNOWN} and was <em>not</em> sent
 * again, so nothing was charged twice; {@link #job()} is the stored job, which can be resent
 * explicitly by a caller who accepts a possible double charge.
 *
 * <p>Exceptions are immutable once thrown and safe to pass between threads.
 */
public class UnknownOutcomeException extends GenerationException {
  private static final long serialVersionUID = 1L;

  private final transient Job job;

  public UnknownOutcomeException(String message, Job job) {
    super(message, job.provider(), null);
    this.job = job;
  }

  /** The job whose submit outcome is unknown. */
  public Job job() {
    return job;
  }
}
