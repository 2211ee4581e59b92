package dev.pictor.spi;

import dev.pictor.AuthenticationException;
import dev.pictor.GenerationException;
import dev.pictor.InvalidRequestException;
import dev.pictor.ProviderException;
import dev.pictor.RateLimitException;
import dev.pictor.internal.SendTracker;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * HTTP helpers every provider module uses, so that statuses map onto exceptions in one place.
 * Stateless and thread-safe.
 *
 * <ul>
 *   <li>{@link #send}: runs a call asynchronously; cancelling the future cancels the call; a network
 *       failure says whether the request had started to be written (then it is ambiguous).
 *   <li>{@link #error}: the exception for an error status (401/403 authentication, 429 rate limit,
 *       400/404/409/422 invalid request, others provider errors).
 *   <li>{@link #retryAfter}: {@code retry-after-ms}, {@code Retry-After} in seconds or as an HTTP date.
 * </ul>
 */
public final class ProviderHttp {
  /** Whatever follows {@code Bearer}: an echoed Authorization header. */
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"',;<]+");

  private static final Pattern RESETS_IN = Pattern.compile("resets in ~?\\s*(\\d+)\\s*s", Pattern.CASE_INSENSITIVE);

  private ProviderHttp() {}

  /**
   * Sends {@code request} with {@code client} (use {@link ProviderCall#http()}). The future completes
   * with the response, whatever its status; the caller closes it. A network failure completes it with
   * a {@link ProviderException} of status 0 that is {@code NOT_REACHED} when nothing was written yet
   * and {@code AMBIGUOUS} otherwise.
   */
  public static CompletableFuture<Response> send(OkHttpClient client, Request request, String provider) {
    SendTracker.Mark mark = new SendTracker.Mark();
    Call call = client.newCall(request.newBuilder().tag(SendTracker.Mark.class, mark).build());
    CompletableFuture<Response> future = new CompletableFuture<>();
    future.whenComplete((r, e) -> {
      if (future.isCancelled()) call.cancel();
    });
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call c, IOException e) {
        ProviderException.Reach reach = mark.started() ? ProviderException.Reach.AMBIGUOUS : ProviderException.Reach.NOT_REACHED;
        future.completeExceptionally(new ProviderException(
            provider + ": " + request.method() + " " + request.url().encodedPath() + " failed: " + describe(e)
                + (reach == ProviderException.Reach.AMBIGUOUS ? " (after the request was sent)" : " (before the request was sent)"),
            provider, 0, null, null, reach, e));
      }

      @Override
      public void onResponse(Call c, Response response) {
        if (!future.complete(response)) response.close();
      }
    });
    return future;
  }

  /**
   * The exception for an error answer. {@code message} should be the provider's own text (never a
   * token); {@code retryAfter} may be null.
   */
  public static GenerationException error(String provider, int status, String message, String code,
      String requestId, Duration retryAfter) {
    String text = provider + " answered " + status + (message == null || message.isBlank() ? "" : ": " + message)
        + (requestId == null ? "" : " (request id " + requestId + ")");
    if (status == 401 || status == 403) return new AuthenticationException(text, provider);
    if (status == 429) return new RateLimitException(text, provider, retryAfter, requestId);
    if (status == 400 || status == 404 || status == 409 || status == 413 || status == 422) {
      return new InvalidRequestException(null, text, provider, null);
    }
    return new ProviderException(text, provider, status, code, requestId, null, null);
  }

  /**
   * How long the answer asks to wait: {@code retry-after-ms}, then {@code Retry-After} as seconds or
   * an HTTP date, then a "resets in ~30s" hint in {@code body} (Replicate's throttling text); null
   * when none says.
   */
  public static Duration retryAfter(Headers headers, String body, Instant now) {
    String ms = headers.get("retry-after-ms");
    if (ms != null) {
      try {
        double v = Double.parseDouble(ms.trim());
        if (v >= 0) return Duration.ofMillis((long) v);
      } catch (NumberFormatException ignored) {
        // fall through to Retry-After
      }
    }
    String ra = headers.get("Retry-After");
    if (ra != null) {
      String v = ra.trim();
      try {
        double seconds = Double.parseDouble(v);
        if (seconds >= 0) return Duration.ofMillis((long) (seconds * 1000));
      } catch (NumberFormatException notSeconds) {
        try {
          Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
          Duration d = Duration.between(now, at);
          return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException ignored) {
          // fall through to the body
        }
      }
    }
    if (body != null) {
      Matcher m = RESETS_IN.matcher(body);
      if (m.find()) return Duration.ofSeconds(Long.parseLong(m.group(1)));
    }
    return null;
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : " " + m);
  }

  /**
   * {@code text} without {@code token} (when it is at least 4 characters) and without anything that
   * follows a {@code Bearer}: for the text of an answer that may echo the request's Authorization
   * header (a proxy's error page, a debug endpoint), before it goes into an exception, a log line or
   * the job store. Null stays null.
   */
  public static String scrub(String text, String token) {
    if (text == null) return null;
    String s = token != null && token.length() >= 4 ? text.replace(token, "***") : text;
    return BEARER.matcher(s).replaceAll("$1***");
  }

  /**
   * For a step a provider runs before its create (an upload of an input, a version look-up): that
   * step's ambiguous failure is marked {@link ProviderException.Reach#NOT_REACHED}, since the create
   * itself was never sent, so the core may send the job again instead of reconciling it. Other
   * failures, and rate limits, pass through unchanged.
   */
  public static Throwable beforeCreate(Throwable failure) {
    Throwable e = failure;
    while ((e instanceof java.util.concurrent.CompletionException || e instanceof java.util.concurrent.ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    if (!(e instanceof ProviderException) || e instanceof RateLimitException) return e;
    ProviderException p = (ProviderException) e;
    if (p.reachedProvider() != ProviderException.Reach.AMBIGUOUS) return e;
    return new ProviderException(p.getMessage() + " (before the create was sent)", p.provider().orElse(null),
        p.statusCode(), p.providerCode().orElse(null), p.requestId().orElse(null), ProviderException.Reach.NOT_REACHED,
        p.getCause());
  }

  /** {@code step} with its failures passed through {@link #beforeCreate(Throwable)}. */
  public static <T> CompletableFuture<T> beforeCreate(CompletableFuture<T> step) {
    CompletableFuture<T> out = new CompletableFuture<>();
    step.whenComplete((v, e) -> {
      if (e == null) out.complete(v);
      else out.completeExceptionally(beforeCreate(e));
    });
    return out;
  }
}
