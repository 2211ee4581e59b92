package dev.pictor.cli;

/**
 * Bad usage or bad input found by the command line itself: printed as one line on standard error,
 * exit code 2, and nothing was sent to any provider.
 */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
