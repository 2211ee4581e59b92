package dev.pictor.internal;

import dev.pictor.AuthenticationException;
import dev.pictor.BudgetExceededException;
import dev.pictor.GenerationException;
import dev.pictor.GenerationTimeoutException;
import dev.pictor.InvalidRequestException;
import dev.pictor.Job;
import dev.pictor.JobCanceledException;
import dev.pictor.JobError;
import dev.pictor.JobFailedException;
import dev.pictor.ProviderException;
import dev.pictor.RateLimitException;
import dev.pictor.UnknownOutcomeException;

/** Maps between exceptions and the {@link JobError} kept with a job, both ways. */
final class Outcomes {
  private Outcomes() {}

  static JobError errorOf(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof InvalidRequestException) return new JobError("invalid_request", null, message);
    if (e instanceof AuthenticationException) return new JobError("authentication", null, message);
    if (e instanceof RateLimitException) return new JobError("rate_limited", null, message);
    if (e instanceof ProviderException) {
      ProviderException p = (ProviderException) e;
      return new JobError("provider", p.providerCode().orElse(p.statusCode() == 0 ? "network" : Integer.toString(p.statusCode())), message);
    }
    if (e instanceof BudgetExceededException) return new JobError("budget_exceeded", null, message);
    if (e instanceof GenerationException) return new JobError("error", null, message);
    return new JobError("internal", e.getClass().getSimpleName(), message);
  }

  /** The exception a caller gets for a job that ended without success. */
  static GenerationException exceptionFor(Job job) {
    JobError err = job.error().orElse(new JobError("error", null, "job " + job.id() + " ended " + job.status().wireName()));
    String msg = "job " + job.id() + " (" + job.provider() + "/" + job.model() + ") ended " + job.status().wireName()
        + ": " + err.message();
    switch (job.status()) {
      case CANCELED:
        return new JobCanceledException(msg, job.provider(), job.id());
      case EXPIRED:
        return new GenerationTimeoutException(msg, job.provider(), job.id());
      case UNKNOWN:
        return new UnknownOutcomeException(msg, job);
      default:
        if ("invalid_request".equals(err.type())) return new InvalidRequestException(null, msg, job.provider(), null);
        if ("authentication".equals(err.type())) return new AuthenticationException(msg, job.provider());
        if ("budget_exceeded".equals(err.type())) return new BudgetExceededException(msg);
        return new JobFailedException(msg, job);
    }
  }
}
