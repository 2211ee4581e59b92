package dev.pictor.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Types;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/** Test helpers for what goes over the wire: Replicate-shaped answers and parsed request bodies. */
final class Wire {
  private Wire() {}

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  static MockResponse image(byte[] bytes) {
    return new MockResponse.Builder().addHeader("Content-Type", "image/png").body(new Buffer().write(bytes)).build();
  }

  /** A prediction as Replicate returns it. */
  static String prediction(String id, String status, String outputJson) {
    return "{\"id\":\"" + id + "\",\"model\":\"black-forest-labs/flux-schnell\",\"version\":\"hidden\",\"status\":\"" + status
        + "\",\"input\":{},\"output\":" + outputJson + ",\"error\":null,\"logs\":\"\","
        + "\"created_at\":\"2026-01-01T00:00:00.000Z\",\"urls\":{\"get\":\"https://api.replicate.com/v1/predictions/" + id
        + "\",\"cancel\":\"https://api.replicate.com/v1/predictions/" + id + "/cancel\"}}";
  }

  /** The request's JSON body as a map (numbers as doubles). */
  static Map<String, Object> body(RecordedRequest r) {
    try {
      Map<String, Object> m = TestCall.MOSHI.<Map<String, Object>>adapter(
          Types.newParameterizedType(Map.class, String.class, Object.class)).fromJson(r.getBody().utf8());
      assertThat(m).isNotNull();
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code JSON} parsed the same way, to compare with {@link #body}. */
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
