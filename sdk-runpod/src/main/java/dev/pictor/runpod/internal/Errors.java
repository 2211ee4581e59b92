package dev.pictor.runpod.internal;

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
 * Turns RunPod's error answers into the core's exceptions: JSON bodies ({@code error},
 * {@code message} or {@code detail}), plain text, and pages that are not JSON at all (a load
 * balancer's 502) alike. Stateless.
 */
public final class Errors {
  private static final int MAX_TEXT = 300;

  private Errors() {}

  /** The exception for a non-2xx answer. */
  public static GenerationException of(Moshi moshi, int status, Headers headers, String body, Instant now) {
    if (status >= 300 && status < 400) {
      // The API client follows no redirect: another host's answer would be trusted, a submit resent there.
      HttpUrl to = HttpUrl.parse(String.valueOf(headers.get("Location")));
      return new ProviderException(Settings.PROVIDER + " answered " + status + ", a redirect to " + (to == null
          ? "an address without a host" : "host " + to.host()) + "; RunPod's API is never followed elsewhere",
          Settings.PROVIDER, status, null, headers.get("X-Request-Id"), ProviderException.Reach.REACHED, false, null);
    }
    String message = message(moshi, body, headers.get("Content-Type"));
    if (message == null && (status == 401 || status == 403)) message = "the API key was refused (check RUNPOD_API_KEY)";
    // RunPod documents no Retry-After; without one the core's adaptive rate paces the token.
    Duration retryAfter = status == 429 ? ProviderHttp.retryAfter(headers, null, now) : null;
    return ProviderHttp.error(Settings.PROVIDER, status, message, null, headers.get("X-Request-Id"), retryAfter);
  }

  /** The provider's text in an error body, or null when the body is empty. */
  static String message(Moshi moshi, String body, String contentType) {
    String trimmed = body == null ? "" : body.trim();
    if (trimmed.isEmpty()) return null;
    if (trimmed.startsWith("{")) {
      try {
        Map<String, Object> json = Json.parse(moshi, trimmed);
        for (String key : new String[] {"error", "message", "detail", "title"}) {
          Object v = json.get(key);
          if (v instanceof String && !((String) v).isBlank()) return plain((String) v);
          if (v instanceof Map) return plain(Json.write(moshi, Json.object(json, key)));
        }
      } catch (IOException | RuntimeException notJson) {
        // fall through to the plain text
      }
    }
    boolean json = contentType != null && contentType.contains("json");
    return json ? plain(trimmed) : "a non-JSON answer" + (contentType == null ? "" : " (" + contentType + ")") + ": " + plain(trimmed);
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
