package dev.pictor.runpod.internal;

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
 * One exchange with RunPod's API: the request with its key, the answer read whole, and the answer
 * checked (2xx parsed as JSON; a job envelope that comes with a 4xx, as the Kontext endpoint's
 * {@code FAILED} example does, read as the job; anything else mapped by {@link Errors}). Thread-safe.
 */
public final class Api {
  static final MediaType JSON = MediaType.get("application/json");
  static final String USER_AGENT = "pictor-runpod/0.1";

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

  /** A request to {@code url} carrying the call's key. */
  public Request.Builder request(ProviderCall call, HttpUrl url) {
    Request.Builder b = new Request.Builder().url(url).header("User-Agent", USER_AGENT);
    if (call.token() != null) b.header("Authorization", "Bearer " + call.token());
    return b;
  }

  /** {@code GET url}, checked and parsed. */
  public CompletableFuture<Map<String, Object>> get(ProviderCall call, Op<?> op, HttpUrl url) {
    return exchange(op, call.http(), request(call, url).get().build(), false).thenApply(a -> check(call, a, false));
  }

  /** {@code POST url} with a JSON body ({@code {}} when null), checked and parsed; not a create. */
  public CompletableFuture<Map<String, Object>> post(ProviderCall call, Op<?> op, HttpUrl url, Map<String, Object> body) {
    RequestBody json = RequestBody.create(body == null ? "{}" : Json.write(call.moshi(), body), JSON);
    return exchange(op, call.http(), request(call, url).post(json).build(), false).thenApply(a -> check(call, a, false));
  }

  /**
   * Sends and reads the whole answer. A body cut off while being read is a network failure: for a
   * create it is ambiguous (the job may exist), for a read it is retried.
   */
  public CompletableFuture<Answer> exchange(Op<?> op, OkHttpClient http, Request request, boolean create) {
    return op.track(ProviderHttp.send(http, request, Settings.PROVIDER)).thenApply(response -> {
      try (Response r = response) {
        return new Answer(r.code(), r.headers(), r.body().string());
      } catch (IOException e) {
        throw new ProviderException(Settings.PROVIDER + ": reading the answer to " + request.method() + " "
            + request.url().encodedPath() + " failed: " + e, Settings.PROVIDER, 0, null, null,
            create ? ProviderException.Reach.AMBIGUOUS : ProviderException.Reach.REACHED, e);
      }
    });
  }

  /** The parsed body of a 2xx answer, or a job envelope that came with a 4xx; otherwise throws the mapped exception. */
  public Map<String, Object> check(ProviderCall call, Answer answer, boolean create) {
    // An answer that quotes the call's token (an echo of the request) carries it no further.
    String token = call.token();
    Answer a = token == null || token.length() < 8 ? answer
        : new Answer(answer.code(), answer.headers(), answer.body().replace(token, "***"));
    if (!a.ok()) {
      Map<String, Object> job = jobEnvelope(call, a);
      if (job != null) return job;
      throw Errors.of(call.moshi(), a.code(), a.headers(), Errors.scrub(a.body(), call.token()), call.clock().now());
    }
    if (a.body().isBlank()) return new LinkedHashMap<>();
    try {
      return Json.parse(call.moshi(), a.body());
    } catch (IOException | RuntimeException e) {
      throw new ProviderException(Settings.PROVIDER + " answered " + a.code() + " with a body that is not a JSON object: "
          + Errors.plain(Errors.scrub(a.body(), call.token())), Settings.PROVIDER, a.code(), null, a.headers().get("X-Request-Id"),
          create ? ProviderException.Reach.AMBIGUOUS : ProviderException.Reach.REACHED, e);
    }
  }

  /** A 4xx other than 401, 403, 404 and 429 whose body is a whole job (an id and a status): the job failed, not the call. */
  private static Map<String, Object> jobEnvelope(ProviderCall call, Answer a) {
    int c = a.code();
    if (c < 400 || c >= 500 || c == 401 || c == 403 || c == 404 || c == 429) return null;
    String body = a.body().trim();
    if (!body.startsWith("{")) return null;
    try {
      Map<String, Object> m = Json.parse(call.moshi(), body);
      return Json.string(m, "id") != null && Json.string(m, "status") != null ? m : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
