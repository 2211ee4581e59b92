package dev.pictor.spi;

import com.squareup.moshi.Moshi;
import okhttp3.OkHttpClient;

/**
 * What the core lends a provider for one HTTP exchange: a token leased from the provider's pool, the
 * shared HTTP client (which never silently resends a request), the shared Moshi, and the clock.
 *
 * <p>A provider reports a 429 or 401/403 by throwing the matching exception
 * ({@link ProviderHttp#error}); the core then cools down or removes the token. Never log
 * {@link #token()}.
 *
 * <p>Valid for one exchange: use it on any thread while the call runs, and do not keep it afterwards.
 */
public interface ProviderCall {
  /** The API token for this call, or {@code null} when the provider's pool is empty. */
  String token();

  /** The token's masked label, safe to log. */
  String tokenLabel();

  /** The client for calls to the provider's API. Providers add the Authorization header per request. */
  OkHttpClient http();

  Moshi moshi();

  Scheduler clock();

  /** Which attempt this is for the current operation, from 1. */
  int attempt();

  /**
   * Passes on what the provider's rate-limit headers say about this call's token: {@code remaining}
   * requests of this kind are left until the window resets in {@code resetsIn} (OpenAI's
   * {@code x-ratelimit-remaining-requests} and {@code x-ratelimit-reset-requests}). None left rests
   * the token until the reset; a few left slows its limiter so it does not run into 429s. Ignored by
   * default and when the provider has no rate limits.
   */
  default void reportQuota(long remaining, java.time.Duration resetsIn) {}
}
