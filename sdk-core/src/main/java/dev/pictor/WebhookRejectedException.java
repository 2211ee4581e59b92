package dev.pictor;

/**
 * A webhook delivery was refused: its signature does not verify, its timestamp is outside the
 * tolerance, a header is missing, or its per-job token is wrong. Answer the sender with 400 or
 * 401; nothing was changed. The message says what was wrong and never quotes a secret;
 * {@link #reason()} says it as a value. Immutable once thrown and safe to pass between threads.
 */
public class WebhookRejectedException extends GenerationException {
  private static final long serialVersionUID = 1L;

  /** Why a delivery was refused. */
  public enum Reason {
    /** A header (or URL parameter) the scheme needs is missing or blank. */
    MISSING_HEADER,
    /** A header or the body is not in the form the scheme needs (a timestamp that is not a number, a body that is not JSON). */
    MALFORMED,
    /** The timestamp is further from now than the tolerance: a possible replay. */
    STALE,
    /** No signature verifies the body with any known secret. */
    BAD_SIGNATURE,
    /** The per-job token in the URL is not the one issued for that job (unsigned schemes). */
    BAD_TOKEN,
    /** This provider, or this provider's configuration, takes no webhooks. */
    NOT_SUPPORTED,
    /** Any other reason; the message says which. */
    OTHER
  }

  private final Reason reason;

  /** A refusal whose reason is only in the message ({@link Reason#OTHER}). */
  public WebhookRejectedException(String message) {
    this(Reason.OTHER, message);
  }

  /** A refusal for {@code reason}; {@code message} must not quote any secret. */
  public WebhookRejectedException(Reason reason, String message) {
    super(message);
    this.reason = reason == null ? Reason.OTHER : reason;
  }

  /** Why the delivery was refused. */
  public Reason reason() {
    return reason;
  }
}
