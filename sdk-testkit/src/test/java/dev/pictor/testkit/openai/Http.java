package dev.pictor.testkit.openai;

import dev.pictor.testkit.internal.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Plain OkHttp calls against an OpenAI simulator, for the tests of this package. Thread-safe. */
final class Http {
  static final MediaType JSON = MediaType.get("application/json");
  static final MediaType PNG = MediaType.get("image/png");
  /** No silent retries: a closed socket must surface as an IOException. */
  static final OkHttpClient CLIENT = new OkHttpClient.Builder().retryOnConnectionFailure(false)
      .readTimeout(Duration.ofSeconds(30)).build();

  /** One answer: status, headers and body text. */
  record Reply(int code, Headers headers, String body) {
    @SuppressWarnings("unchecked")
    Map<String, Object> json() {
      return (Map<String, Object>) Json.parse(body);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> error() {
      return (Map<String, Object>) json().get("error");
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> data() {
      return (List<Map<String, Object>>) json().get("data");
    }

    BufferedImage image(int i) throws IOException {
      return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode((String) data().get(i).get("b64_json"))));
    }
  }

  private final String base;
  private final String key;

  Http(String base, String key) {
    this.base = base;
    this.key = key;
  }

  Reply generate(String json) throws IOException {
    return call(request("/images/generations").post(RequestBody.create(json, JSON)).build());
  }

  Reply edit(MultipartBody body) throws IOException {
    return call(request("/images/edits").post(body).build());
  }

  Reply get(String url) throws IOException {
    return call(new Request.Builder().url(url).get().build());
  }

  static MultipartBody.Builder form(String model, String prompt) {
    return new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("model", model).addFormDataPart("prompt", prompt);
  }

  static MultipartBody.Builder file(MultipartBody.Builder form, String part, String name, byte[] bytes, MediaType type) {
    return form.addFormDataPart(part, name, RequestBody.create(bytes, type));
  }

  private Request.Builder request(String path) {
    Request.Builder b = new Request.Builder().url(base + path);
    if (key != null) b.header("Authorization", "Bearer " + key);
    return b;
  }

  static Reply call(Request request) throws IOException {
    try (Response r = CLIENT.newCall(request).execute()) {
      return new Reply(r.code(), r.headers(), r.body().string());
    }
  }

  /** A clock tests move by hand. Thread-safe. */
  static final class MutableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

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
