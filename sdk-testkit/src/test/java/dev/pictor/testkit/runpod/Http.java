package dev.pictor.testkit.runpod;

import dev.pictor.testkit.internal.Json;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Plain OkHttp calls against one endpoint of a RunPod simulator, for the tests of this package. Thread-safe. */
final class Http {
  private static final MediaType JSON = MediaType.get("application/json");

  /** No silent retries: a closed socket must surface as an IOException. */
  static final OkHttpClient CLIENT = new OkHttpClient.Builder().retryOnConnectionFailure(false)
      .readTimeout(Duration.ofSeconds(30)).build();

  /** One answer: status, headers and body text. */
  record Reply(int code, Headers headers, String body) {
    @SuppressWarnings("unchecked")
    Map<String, Object> json() {
      return (Map<String, Object>) Json.parse(body);
    }

    Object get(String field) {
      return json().get(field);
    }

    String contentType() {
      return headers.get("Content-Type");
    }
  }

  private final String base;
  private final String key;

  /** Calls to {@code base} ({@code sim.baseUrl() + "/" + endpointId}) with {@code Authorization: Bearer key}. */
  Http(String base, String key) {
    this.base = base;
    this.key = key;
  }

  static Http of(RunPodSimulator sim, String endpoint, String key) {
    return new Http(sim.baseUrl() + "/" + endpoint, key);
  }

  Http as(String otherKey) {
    return new Http(base, otherKey);
  }

  Reply get(String path) throws IOException {
    return call(request(path).get().build());
  }

  Reply post(String path, String json) throws IOException {
    return call(request(path).post(RequestBody.create(json, JSON)).build());
  }

  Reply post(String path) throws IOException {
    return post(path, "");
  }

  /** {@code POST /run} with {@code {"input": input}}; returns the job id. */
  String run(String inputJson) throws IOException {
    Reply reply = post("/run", "{\"input\":" + inputJson + "}");
    if (reply.code() != 200) throw new AssertionError("run answered " + reply.code() + ": " + reply.body());
    return (String) reply.get("id");
  }

  Map<String, Object> status(String id) throws IOException {
    Reply reply = get("/status/" + id);
    if (reply.code() != 200) throw new AssertionError("status answered " + reply.code() + ": " + reply.body());
    return reply.json();
  }

  private Request.Builder request(String path) {
    Request.Builder b = new Request.Builder().url(path.startsWith("http") ? path : base + path);
    if (key != null) b.header("Authorization", "Bearer " + key);
    return b;
  }

  static Reply call(Request request) throws IOException {
    try (Response r = CLIENT.newCall(request).execute()) {
      return new Reply(r.code(), r.headers(), r.body().string());
    }
  }

  /** Polls {@code /status/{id}} until the job has {@code status}; fails after 5 seconds. */
  Map<String, Object> pollUntil(String id, String status) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      Map<String, Object> json = status(id);
      if (status.equals(json.get("status"))) return json;
      if (System.nanoTime() > end) throw new AssertionError("gave up waiting for " + status + "; last: " + json);
      Thread.sleep(5);
    }
  }

  /** A clock tests move by hand. Thread-safe. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock() {
      this(Instant.parse("2026-01-01T00:00:00Z"));
    }

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
