package dev.pictor;

import java.util.Optional;

/**
 * The provider answered with an error, or could not be reached. Carries the HTTP status ({@code 0}
 * when no answer arrived), the provider's own error code and its request id when it sent them.
 *
 * <p>{@link #retryable()} is true for 408, 5xx and network failures. Whether a failed <em>create</em>
 * may be sent again is a separate question answered by {@link #reachedProvider()}: Pictor resends a
 * create only when it provably did not reach the provider.
 *
 * <p>Exceptions are immutable once thrown and safe to pass between threads.
 */
public class ProviderException extends GenerationException {
  private static final long serialVersionUID = 1L;

  /** Whether a failed request was processed by the provider. */
  public enum Reach {
    /** Provably not: the connection failed, or the provider refused it before processing (429, 503). */
    NOT_REACHED,
    /** It may have been processed: a timeout or reset after the body was sent, a 500 or 504. */
    AMBIGUOUS,
    /** The provider processed it and answered with an error (4xx). */
    REACHED
  }

  private final int statusCode;
  private final String providerCode;
  private final String requestId;
  private final Reach reach;
  private final Boolean retry;

  public ProviderException(
      String message,
      String provider,
      int statusCode,
      String providerCode,
      String requestId,
      Reach reach,
      Throwable cause) {
    this(message, provider, statusCode, providerCode, requestId, reach, null, cause);
  }

  /**
   * As above, with the provider's own word on retrying ({@code x-should-retry}); {@code null} keeps
   * the classification by status. It never makes a create that may have been processed resendable:
   * that stays decided by {@code reach}.
   */
  public ProviderException(
      String message,
      String provider,
      int statusCode,
      String providerCode,
      String requestId,
      Reach reach,
      Boolean retryable,
      Throwable cause) {
    super(message, provider, cause);
    this.statusCode = statusCode;
    this.providerCode = providerCode;
    this.requestId = requestId;
    this.reach = reach == null ? defaultReach(statusCode) : reach;
    this.retry = retryable;
  }

  /** How Pictor classifies an HTTP status when the provider module says nothing more precise. */
  public static Reach defaultReach(int statusCode) {
    if (statusCode == 429 || statusCode == 502 || statusCode == 503) return Reach.NOT_REACHED;
    if (statusCode == 0 || statusCode == 408 || statusCode >= 500) return Reach.AMBIGUOUS;
    return Reach.REACHED;
  }

  /** The HTTP status, or {@code 0} when no answer arrived (a network failure). */
  public int statusCode() {
    return statusCode;
  }

  /** The provider's own error code or type, when it sent one. */
  public Optional<String> providerCode() {
    return Optional.ofNullable(providerCode);
  }

  /** The provider's request id, for its support desk. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** Whether the failed request may have been processed; decides whether a create can be resent. */
  public Reach reachedProvider() {
    return reach;
  }

  @Override
  public boolean retryable() {
    if (retry != null) return retry;
    return statusCode == 0 || statusCode == 408 || statusCode == 429 || statusCode >= 500;
  }
}
