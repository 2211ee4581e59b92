package dev.pictor;

import dev.pictor.internal.TokenRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The API tokens of one provider, shared out by least in flight, each with its own rate limiter
 * (seeded from the provider's documented limits), a cooldown after a 429 that honours
 * {@code Retry-After}, and removal after a 401 or 403. A token that has not yet answered successfully
 * takes one request at a time, so a bad token costs one request, not a burst. Thread-safe; tokens can
 * be disabled and enabled at run time.
 *
 * <p>Tokens never appear in {@link #toString()}, logs, exceptions or the job store: they are known by
 * a label ({@code #1} or the one you gave) followed by their last four characters when long enough.
 *
 * <pre>{@code
 * TokenPool pool = TokenPool.fromEnv("REPLICATE_API_TOKENS");   // comma-separated
 * pool.disable("#2");                                           // a broken token, by hand
 * pool.stats().forEach(System.out::println);
 * }</pre>
 */
public final class TokenPool {
  static {
    TokenRegistry.Access.install(pool -> pool.registry);
  }

  private final TokenRegistry registry;

  private TokenPool(TokenRegistry registry) {
    this.registry = registry;
  }

  /** A pool of the given tokens, labelled {@code #1}, {@code #2}, ... */
  public static TokenPool of(String... tokens) {
    Builder b = builder();
    for (String t : tokens) b.add(t);
    return b.build();
  }

  /** A pool of the given tokens, labelled {@code #1}, {@code #2}, ... */
  public static TokenPool of(List<String> tokens) {
    return of(tokens.toArray(new String[0]));
  }

  /**
   * The comma-separated tokens in environment variable {@code variable}.
   *
   * @throws InvalidRequestException naming the variable when it is unset or empty
   */
  public static TokenPool fromEnv(String variable) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException("tokens", "environment variable " + variable
          + " is not set: set it to one API token, or several separated by commas");
    }
    return of(value.split(","));
  }

  /** An empty pool, for providers that need no token (the sandbox). */
  public static TokenPool none() {
    return new TokenPool(new TokenRegistry(List.of(), List.of(), 0));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** How many tokens the pool holds, in any state. */
  public int size() {
    return registry.size();
  }

  /** A snapshot of every token, in the order they were added. */
  public List<TokenStats> stats() {
    return registry.stats();
  }

  /** Takes a token out of rotation by its label; calls in flight finish. */
  public void disable(String label) {
    registry.disable(label);
  }

  /** Puts a disabled or removed token back into rotation, as unverified. */
  public void enable(String label) {
    registry.enable(label);
  }

  @Override
  public String toString() {
    return "TokenPool" + registry.describe();
  }

  /** Builds a {@link TokenPool}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private int maxInFlightPerToken = 0;

    private Builder() {}

    /** Adds a token labelled {@code #n}. */
    public Builder add(String token) {
      return add("#" + (tokens.size() + 1), token);
    }

    /**
     * Adds a token under a label of your choice.
     *
     * @throws InvalidRequestException when the token is empty, repeats one already added, or the label is taken
     */
    public Builder add(String label, String token) {
      Objects.requireNonNull(label, "label == null");
      int n = tokens.size() + 1;
      if (token == null || token.isBlank()) {
        throw new InvalidRequestException("tokens", "token " + label + " (number " + n + ") is empty");
      }
      String trimmed = token.trim();
      for (Map.Entry<String, String> e : tokens.entrySet()) {
        if (e.getValue().equals(trimmed)) {
          throw new InvalidRequestException("tokens", "token " + label + " (number " + n
              + ") repeats token " + e.getKey() + "; each token may be added once");
        }
      }
      if (tokens.containsKey(label)) {
        throw new InvalidRequestException("tokens", "token label " + label + " is used twice");
      }
      tokens.put(label, trimmed);
      return this;
    }

    /** At most this many calls in flight per token; 0 (the default) for no cap beyond the rate limits. */
    public Builder maxInFlightPerToken(int max) {
      if (max < 0) throw new IllegalArgumentException("maxInFlightPerToken < 0: " + max);
      this.maxInFlightPerToken = max;
      return this;
    }

    public TokenPool build() {
      return new TokenPool(new TokenRegistry(new ArrayList<>(tokens.keySet()), new ArrayList<>(tokens.values()),
          maxInFlightPerToken));
    }
  }
}
