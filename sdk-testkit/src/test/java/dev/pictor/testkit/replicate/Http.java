package dev.pictor.testkit.replicate;

import dev.pictor.testkit.internal.Json;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Plain OkHttp calls against a simulator, for the tests of this package. Thread-safe. */
final class Http {
  private static final MediaType JSON = MediaType.get("application/json");

  /** No silent retries: a closed socket must surface as an IOException. */
  static final OkHttpClient CLIENT = new OkHttpClient.Builder().retryOnConnectionFailure(false)
      .readTimeout(Duration.ofSeconds(70)).build();

  /** One answer: status, headers and body text. */
  record Reply(int code, Headers headers, String body) {
    @SuppressWarnings("unchecked")
    Map<String, Object> json() {
      return (Map<String, Object>) Json.parse(body);
    }

    String contentType() {
      return headers.get("Content-Type");
    }
  }

  private final String base;
  private final String token;

  Http(String base, String token) {
    this.base = base;
    this.token = token;
  }

  Http as(String otherToken) {
    return new Http(base, otherToken);
  }

  Reply get(String pathOrUrl) throws IOException {
    return call(request(pathOrUrl).get().build());
  }

  Reply post(String path, String json, String... headerPairs) throws IOException {
    Request.Builder b = request(path).post(RequestBody.create(json, JSON));
    for (int i = 0; i < headerPairs.length; i += 2) b.header(headerPairs[i], headerPairs[i + 1]);
    return call(b.build());
  }

  Reply post(String path, RequestBody body) throws IOException {
    return call(request(path).post(body).build());
  }

  Reply delete(String path) throws IOException {
    return call(request(path).delete().build());
  }

  private Request.Builder request(String pathOrUrl) {
    Request.Builder b = new Request.Builder().url(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
    if (token != null) b.header("Authorization", "Bearer " + token);
    return b;
  }

  static Reply call(Request request) throws IOException {
    try (Response r = CLIENT.newCall(request).execute()) {
      return new Reply(r.code(), r.headers(), r.body().string());
    }
  }

  /** Bytes of a GET without any Authorization header. */
  static byte[] download(String url) throws IOException {
    try (Response r = CLIENT.newCall(new Request.Builder().url(url).build()).execute()) {
      if (r.code() != 200) throw new IOException("HTTP " + r.code() + " for " + url);
      return r.body().bytes();
    }
  }

  /** Polls {@code path} until its JSON satisfies {@code done}; fails after 5 seconds. */
  Map<String, Object> pollUntil(String path, Predicate<Map<String, Object>> done) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      Map<String, Object> json = get(path).json();
      if (done.test(json)) return json;
      if (System.nanoTime() > end) throw new AssertionError("gave up waiting; last: " + json);
      Thread.sleep(10);
    }
  }

  static Predicate<Map<String, Object>> status(String... statuses) {
    return json -> List.of(statuses).contains(json.get("status"));
  }

  /** A clock tests move by hand. Thread-safe. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
