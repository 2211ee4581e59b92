package dev.pictor.openai.internal;

import com.squareup.moshi.JsonReader;
import dev.pictor.AuthenticationException;
import dev.pictor.GenerationException;
import dev.pictor.InvalidRequestException;
import dev.pictor.ProviderException;
import dev.pictor.RateLimitException;
import dev.pictor.spi.ProviderHttp;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okio.Buffer;

/**
 * Turns OpenAI's error answers ({@code {"error": {"message", "type", "param", "code"}}}, fact sheet
 * 4.9) into the core's exceptions, keeping {@code param} (as the invalid request's field), {@code code}
 * and {@code x-request-id}, and obeying {@code x-should-retry}. Only a 401 means a bad key (the
 * token leaves the pool); a 403 is a permission on this request (an unverified organisation, a
 * region), so the key stays. A 429 {@code insufficient_quota} is the key's billing: that key leaves
 * the pool and the create, which was not processed, goes to another key. A 502 may come from a proxy
 * after OpenAI made (and charged) the image, so a create is not resent after one; a 503 is resent
 * only when OpenAI itself says it is overloaded. Anything that looks like an API key is masked out of
 * OpenAI's text. Stateless.
 */
public final class Errors {
  private static final int MAX_TEXT = 300;
  /** OpenAI's 401 text quotes the key it got, partly masked: mask it all. */
  private static final Pattern KEY = Pattern.compile("\\bsk-[A-Za-z0-9_*\\-]{3,}");

  private Errors() {}

  /** The error body's fields; any may be null. */
  record Body(String message, String type, String param, String code) {}

  /** The exception for a non-2xx answer to a call made with {@code token} (scrubbed from every message). */
  public static GenerationException of(int status, Headers headers, String body, Instant now, String token) {
    Body e = parse(body);
    String requestId = headers.get("x-request-id");
    if (status >= 300 && status < 400) {
      // The API client follows no redirect: another host's answer would be trusted and the request,
      // images and all, sent there again (307, 308). Only the host is named: the rest may carry anything.
      HttpUrl to = HttpUrl.parse(String.valueOf(headers.get("Location")));
      return new ProviderException(Settings.PROVIDER + " answered " + status + ", a redirect to " + (to == null
          ? "an address without a host" : "host " + to.host()) + "; OpenAI's API is never followed elsewhere"
          + details(null, null, requestId), Settings.PROVIDER, status, null, requestId, ProviderException.Reach.REACHED, false, null);
    }
    Boolean shouldRetry = flag(headers.get("x-should-retry"));
    String message = e != null && e.message() != null ? e.message() : plain(body, headers.get("Content-Type"));
    if (message == null && (status == 401 || status == 403)) message = "the API key was refused (check OPENAI_API_KEY)";
    message = scrub(message, token);
    String code = scrub(e == null ? null : e.code() != null ? e.code() : e.type(), token);
    String param = scrub(e == null ? null : e.param(), token);
    String text = scrub(Settings.PROVIDER + " answered " + status + (message == null ? "" : ": " + message)
        + details(param, code, requestId), token);
    if (status == 401) return new AuthenticationException(text, Settings.PROVIDER);
    if (status == 403) {
      return new ProviderException(text, Settings.PROVIDER, 403, code, requestId, ProviderException.Reach.REACHED, false, null);
    }
    if (status == 429) {
      if ("insufficient_quota".equals(code)) {
        return new AuthenticationException(text + "; this key has no quota left and leaves the pool", Settings.PROVIDER);
      }
      if (Boolean.FALSE.equals(shouldRetry)) {
        return new ProviderException(text, Settings.PROVIDER, 429, code, requestId, ProviderException.Reach.NOT_REACHED, false, null);
      }
      return new RateLimitException(text, Settings.PROVIDER, ProviderHttp.retryAfter(headers, null, now), requestId);
    }
    boolean invalid = status == 400 || status == 404 || status == 409 || status == 413 || status == 422;
    if (invalid && !Boolean.TRUE.equals(shouldRetry)) return new InvalidRequestException(param, text, Settings.PROVIDER, null);
    ProviderException.Reach reach = status == 502 ? ProviderException.Reach.AMBIGUOUS
        : status == 503 && !overloaded(e) ? ProviderException.Reach.AMBIGUOUS : null;
    return new ProviderException(text, Settings.PROVIDER, status, code, requestId, reach, shouldRetry, null);
  }

  /** OpenAI's own 503 says the engine is overloaded: it refused the request before doing anything. */
  private static boolean overloaded(Body e) {
    if (e == null) return false;
    String all = (e.message() == null ? "" : e.message()) + " " + (e.type() == null ? "" : e.type())
        + " " + (e.code() == null ? "" : e.code());
    return all.toLowerCase(java.util.Locale.ROOT).contains("overloaded");
  }

  private static String details(String param, String code, String requestId) {
    StringBuilder sb = new StringBuilder();
    if (param != null) sb.append("param ").append(param);
    if (code != null) sb.append(sb.length() == 0 ? "" : ", ").append("code ").append(code);
    if (requestId != null) sb.append(sb.length() == 0 ? "" : ", ").append("request id ").append(requestId);
    return sb.length() == 0 ? "" : " (" + sb + ")";
  }

  /** {@code error}'s fields, or null when the body is not OpenAI's error object. */
  static Body parse(String body) {
    String trimmed = body == null ? "" : body.trim();
    if (!trimmed.startsWith("{")) return null;
    try {
      JsonReader r = JsonReader.of(new Buffer().writeUtf8(trimmed));
      Body found = null;
      r.beginObject();
      while (r.hasNext()) {
        if (r.nextName().equals("error") && r.peek() == JsonReader.Token.BEGIN_OBJECT) found = error(r);
        else r.skipValue();
      }
      return found;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static Body error(JsonReader r) throws IOException {
    String message = null;
    String type = null;
    String param = null;
    String code = null;
    r.beginObject();
    while (r.hasNext()) {
      String name = r.nextName();
      String value = r.peek() == JsonReader.Token.NULL ? r.<String>nextNull()
          : r.peek() == JsonReader.Token.STRING || r.peek() == JsonReader.Token.NUMBER ? r.nextString() : skip(r);
      switch (name) {
        case "message":
          message = value == null || value.isBlank() ? null : plain(value, "json");
          break;
        case "type":
          type = value;
          break;
        case "param":
          param = value;
          break;
        case "code":
          code = value;
          break;
        default:
          break;
      }
    }
    r.endObject();
    return new Body(message, type, param, code);
  }

  private static String skip(JsonReader r) throws IOException {
    r.skipValue();
    return null;
  }

  private static Boolean flag(String value) {
    if (value == null) return null;
    String v = value.trim().toLowerCase(Locale.ROOT);
    return v.equals("true") ? Boolean.TRUE : v.equals("false") ? Boolean.FALSE : null;
  }

  /** Text without tags and runs of whitespace, cut to a readable length; null for an empty body. */
  static String plain(String text, String contentType) {
    if (text == null || text.isBlank()) return null;
    String s = text.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
    if (s.isEmpty()) s = text.replaceAll("\\s+", " ").trim();
    if (s.length() > MAX_TEXT) s = s.substring(0, MAX_TEXT - 3) + "...";
    boolean json = contentType != null && contentType.contains("json");
    return json ? s : "a non-JSON answer" + (contentType == null ? "" : " (" + contentType + ")") + ": " + s;
  }

  /** The text with the call's token and anything shaped like an OpenAI key replaced. */
  public static String scrub(String text, String token) {
    if (text == null) return null;
    String s = ProviderHttp.scrub(text, token);
    return s == null ? null : KEY.matcher(s).replaceAll("sk-***");
  }
}
