package dev.pictor.runpod;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Types;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/** Test helpers for what goes over the wire: RunPod-shaped answers and parsed request bodies. */
final class Wire {
  static final String KONTEXT = "black-forest-labs-flux-1-kontext-dev";

  private Wire() {}

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  static MockResponse image(byte[] bytes) {
    return new MockResponse.Builder().addHeader("Content-Type", "image/png").body(new Buffer().write(bytes)).build();
  }

  /** A job envelope as {@code /runsync} and {@code /status} return it. */
  static String job(String id, String status, String outputJson) {
    return "{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"delayTime\":1200,\"executionTime\":3450"
        + (outputJson == null ? "" : ",\"output\":" + outputJson) + ",\"workerId\":\"w-1\"}";
  }

  /** The Kontext endpoint's output: an image URL and the job's cost. */
  static String kontextOutput(String url, String cost) {
    return "{\"image_url\":\"" + url + "\",\"cost\":" + cost + "}";
  }

  /** The request's JSON body as a map (numbers as doubles). */
  static Map<String, Object> body(RecordedRequest r) {
    Map<String, Object> m = parse(r.getBody().utf8());
    assertThat(m).isNotNull();
    return m;
  }

  /** {@code json} parsed the same way, to compare with {@link #body}. */
  static Map<String, Object> parse(String json) {
    try {
      return TestCall.MOSHI.<Map<String, Object>>adapter(Types.newParameterizedType(Map.class, String.class, Object.class))
          .fromJson(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> input(RecordedRequest r) {
    return (Map<String, Object>) body(r).get("input");
  }
}
