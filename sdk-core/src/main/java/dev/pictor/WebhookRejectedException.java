package dev.pictor;

/**
 * A webhook delivery was refused: its signature does not verify, its timestamp is outside the
 * tolerance, a header is missing, or its per-job token is wrong. Answer the sender with 400 or
 * 401; nothing was changed. Immutable once thrown and safe to pass between threads.
 */
public class WebhookRejectedException extends GenerationException {
  private static final long serialVersionUID = 1L;

  public WebhookRejectedException(String message) {
    super(message);
  }
}
