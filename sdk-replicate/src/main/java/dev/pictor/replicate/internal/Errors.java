package dev.pictor.replicate.internal;

import com.squareup.moshi.Moshi;
import dev.pictor.GenerationException;
import dev.pictor.ProviderException;
import dev.pictor.spi.ProviderHttp;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * Turns Replicate's error answers into the core's exceptions: RFC 7807 problems ({@code title},
 * {@code detail}) and bodies that are not JSON at all (a load balancer's 502 page) alike. Stateless.
 */
public final class Errors {
  /**
   * The wait a 429 asks for when neither a header nor the body's "resets in ~Ns" says: Replicate's
   * limits are per minute and its own example says ~30 s, so 10 s lets a burst drain without idling.
   */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(10);
  private static final int MAX_TEXT = 300;

  private Errors() {}

  /** The exception for a non-2xx answer. */
  public static GenerationException of(Moshi moshi, int status, Headers headers, String body, Instant now) {
    if (status >= 300 && status < 400) {
      // The API client follows no redirect: another host's answer would be trusted, a create's body sent
      // there again (307, 308). The call fails for good, naming only the host: the rest may carry anything.
      HttpUrl to = HttpUrl.parse(String.valueOf(headers.get("Location")));
      return new ProviderException(Settings.PROVIDER + " answered " + status + ", a redirect to " + (to == null
          ? "an address without a host" : "host " + to.host()) + "; Replicate's API is never followed elsewhere",
          Settings.PROVIDER, status, null, headers.get("X-Request-Id"), ProviderException.Reach.REACHED, false, null);
    }
    String message = null;
    String code = null;
    String trimmed = body == null ? "" : body.trim();
    if (trimmed.startsWith("{")) {
      try {
        Map<String, Object> problem = Json.parse(moshi, trimmed);
        String title = Json.string(problem, "title");
        String detail = Json.string(problem, "detail");
        code = Json.string(problem, "type");
        if (title != null && detail != null) message = title + ": " + detail;
        else message = title != null ? title : detail;
      } catch (IOException | RuntimeException notJson) {
        message = null;
      }
    }
    if (message == null && !trimmed.isEmpty()) {
      String type = headers.get("Content-Type");
      message = "a non-JSON answer" + (type == null ? "" : " (" + type + ")") + ": " + plain(trimmed);
    }
    Duration retryAfter = null;
    if (status == 429) {
      retryAfter = ProviderHttp.retryAfter(headers, body, now);
      if (retryAfter == null) retryAfter = DEFAULT_RETRY_AFTER;
    }
    String requestId = headers.get("X-Request-Id");
    return ProviderHttp.error(Settings.PROVIDER, status, message, code, requestId, retryAfter);
  }

  /** See {@link ProviderHttp#scrub}. */
  public static String scrub(String text, String token) {
    return ProviderHttp.scrub(text, token);
  }

  /** HTML tags dropped, whitespace collapsed, cut to a readable length. */
  static String plain(String text) {
    String s = text.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
    if (s.isEmpty()) s = text.replaceAll("\\s+", " ").trim();
    return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 3) + "...";
  }
}
