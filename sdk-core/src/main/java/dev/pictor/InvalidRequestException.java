package dev.pictor;

import java.util.Optional;

/**
 * The request is wrong and sending it again will not help: a field is missing, out of range or not
 * allowed for the model, an image is not a supported format, and so on. Thrown before any network
 * call when Pictor can tell; providers also map their 400, 404 and 422 answers onto it.
 *
 * <p>{@link #field()} names what was wrong (for example {@code "steps"} or {@code "images[2]"}).
 *
 * <p>Exceptions are immutable once thrown and safe to pass between threads.
 */
public class InvalidRequestException extends GenerationException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidRequestException(String field, String message) {
    this(field, message, null, null);
  }

  public InvalidRequestException(String field, String message, String provider, Throwable cause) {
    super(message, provider, cause);
    this.field = field;
  }

  /** The field, parameter or input that was wrong, when one can be named. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }
}
