package dev.pictor;

import java.util.Optional;

/**
 * The root of every exception Pictor throws. It is unchecked, and its subtypes classify the failure:
 *
 * <table>
 *   <caption>What is thrown when</caption>
 *   <tr><th>Type</th><th>When</th><th>{@link #retryable()}</th></tr>
 *   <tr><td>{@link InvalidRequestException}</td><td>bad input, rejected before any network call, or a 400/404/422</td><td>no</td></tr>
 *   <tr><td>{@link AuthenticationException}</td><td>401/403, or every token of a provider removed</td><td>no</td></tr>
 *   <tr><td>{@link RateLimitException}</td><td>429</td><td>yes</td></tr>
 *   <tr><td>{@link ProviderException}</td><td>any other error answer, or a network failure</td><td>5xx and network: yes</td></tr>
 *   <tr><td>{@link JobFailedException}</td><td>the provider ran the job and it failed</td><td>no</td></tr>
 *   <tr><td>{@link GenerationTimeoutException}</td><td>the request's deadline passed</td><td>no</td></tr>
 *   <tr><td>{@link BudgetExceededException}</td><td>the work would pass a budget</td><td>no</td></tr>
 * </table>
 *
 * <p>Blocking calls throw these types unwrapped; futures complete exceptionally with them. Messages
 * never contain API tokens.
 *
 * <p>Exceptions are immutable once thrown and safe to pass between threads.
 */
public class GenerationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String provider;

  public GenerationException(String message) {
    this(message, null, null);
  }

  public GenerationException(String message, String provider, Throwable cause) {
    super(message, cause);
    this.provider = provider;
  }

  /** The provider that raised it, when one did. */
  public Optional<String> provider() {
    return Optional.ofNullable(provider);
  }

  /** Whether the same request may succeed if tried again later. */
  public boolean retryable() {
    return false;
  }
}
