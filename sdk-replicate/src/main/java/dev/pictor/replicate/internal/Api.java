package dev.pictor.replicate.internal;

import com.squareup.moshi.Moshi;
import dev.pictor.ProviderException;
import dev.pictor.spi.ProviderCall;
import dev.pictor.spi.ProviderHttp;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * One exchange with Replicate's API: the request with its token, the answer read whole, and the
 * answer checked (2xx parsed as JSON, anything else mapped by {@link Errors}). Stateless apart from
 * its settings; thread-safe.
 */
public final class Api {
  static final MediaType JSON = MediaType.get("application/json");
  static final String USER_AGENT = "pictor-replicate/0.1";

  private final Settings settings;

  public Api(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  /** What came back: the status, the headers and the whole body. */
  public record Answer(int code, Headers headers, String body) {
    public boolean ok() {
      return code >= 200 && code < 300;
    }
  }

  /** A request to {@code url} carrying the call's token. */
  public Request.Builder request(ProviderCall call, HttpUrl url) {
    Request.Builder b = new Request.Builder().url(url).header("User-Agent", USER_AGENT);
    if (call.token() != null) b.header("Authorization", "Bearer " + call.token());
    return b;
  }

  /** {@code GET segments} relative to the base URL, checked and parsed. */
  public CompletableFuture<Map<String, Object>> get(ProviderCall call, Op<?> op, String segments) {
    return json(call, op, call.http(), request(call, settings.url(segments)).get().build(), false);
  }

  /** {@code POST segments} with a JSON body, checked and parsed. */
  public CompletableFuture<Map<String, Object>> post(ProviderCall call, Op<?> op, String segments, Map<String, Object> body) {
    RequestBody json = RequestBody.create(Json.write(call.moshi(), body), JSON);
    return json(call, op, call.http(), request(call, settings.url(segments)).post(json).build(), false);
  }

  /** Sends, checks and parses. */
  public CompletableFuture<Map<String, Object>> json(ProviderCall call, Op<?> op, OkHttpClient http, Request request,
      boolean create) {
    return exchange(op, http, request, create).thenApply(a -> check(call, a, create));
  }

  /**
   * Sends and reads the whole answer. A body cut off while being read is a network failure: for a
   * create it is ambiguous (the prediction may exist), for a read it is retried.
   */
  public CompletableFuture<Answer> exchange(Op<?> op, OkHttpClient http, Request request, boolean create) {
    return op.track(ProviderHttp.send(http, request, Settings.PROVIDER)).thenApply(response -> {
      try (Response r = response) {
        return new Answer(r.code(), r.headers(), r.body().string());
      } catch (IOException e) {
        throw new ProviderException(Settings.PROVIDER + ": reading the answer to " + request.method() + " "
            + request.url().encodedPath() + " failed: " + e, Settings.PROVIDER, 0, null, null,
            ProviderException.Reach.AMBIGUOUS, e);
      }
    });
  }

  /** The parsed body of a 2xx answer; otherwise throws the mapped exception. */
  public Map<String, Object> check(ProviderCall call, Answer answer, boolean create) {
    // An answer that quotes the call's token (an echo of the request) carries it no further.
    String token = call.token();
    Answer a = token == null || token.length() < 8 ? answer
        : new Answer(answer.code(), answer.headers(), answer.body().replace(token, "***"));
    if (!a.ok()) throw Errors.of(call.moshi(), a.code(), a.headers(), Errors.scrub(a.body(), call.token()), call.clock().now());
    if (a.body().isBlank()) return new LinkedHashMap<>();
    try {
      return Json.parse(call.moshi(), a.body());
    } catch (IOException | RuntimeException e) {
      throw new ProviderException(Settings.PROVIDER + " answered " + a.code() + " with a body that is not a JSON object: "
          + Errors.plain(Errors.scrub(a.body(), call.token())), Settings.PROVIDER, a.code(), null, a.headers().get("X-Request-Id"),
          create ? ProviderException.Reach.AMBIGUOUS : ProviderException.Reach.REACHED, e);
    }
  }
}
