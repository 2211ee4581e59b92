package dev.pictor;

/**
 * A provider refused the credentials (401 or 403), or no usable token is left in the provider's
 * {@link TokenPool}. Never retryable: a removed token stays removed until it is enabled again.
 *
 * <p>Exceptions are immutable once thrown and safe to pass between threads.
 */
public class AuthenticationException extends GenerationException {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String message, String provider) {
    super(message, provider, null);
  }
}
