package dev.pictor;

import java.time.Duration;
import java.util.Optional;

/**
 * The provider answered 429. {@link #retryAfter()} is the wait it asked for ({@code Retry-After},
 * {@code retry-after-ms}, or a hint in the body), when it gave one. The token that got it is cooled
 * down for that long; the request was not processed, so even a create is safe to resend.
 *
 * <p>Exceptions are immutable once thrown and safe to pass between threads.
 */
public class RateLimitException extends ProviderException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  public RateLimitException(String message, String provider, Duration retryAfter, String requestId) {
    super(message, provider, 429, null, requestId, Reach.NOT_REACHED, null);
    this.retryAfter = retryAfter;
  }

  /** How long the provider asked to wait, when it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
