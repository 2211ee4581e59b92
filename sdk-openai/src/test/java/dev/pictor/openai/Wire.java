package dev.pictor.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Types;
import dev.pictor.CommonParameter;
import dev.pictor.GenerationRequest;
import dev.pictor.ModelSpec;
import dev.pictor.spi.ProviderRequest;
import dev.pictor.testkit.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okio.Buffer;

/** Test helpers for what goes over the wire: OpenAI-shaped answers, parsed request bodies, validated requests. */
final class Wire {
  private Wire() {}

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
        .addHeader("x-request-id", "req_test123").body(body).build();
  }

  /** An images answer with one base64 image per entry of {@code pngs}. */
  static String answer(String usageJson, byte[]... images) {
    StringBuilder data = new StringBuilder();
    for (byte[] b : images) {
      data.append(data.length() == 0 ? "" : ",").append("{\"b64_json\":\"").append(Base64.getEncoder().encodeToString(b)).append("\"}");
    }
    return "{\"created\":1713833628,\"data\":[" + data + "]" + (usageJson == null ? "" : ",\"usage\":" + usageJson) + "}";
  }

  static String png(int width, int height) {
    return answer(null, TestImages.png(7, width, height));
  }

  static final String USAGE = "{\"input_tokens\":50,\"input_tokens_details\":{\"image_tokens\":40,\"text_tokens\":10},"
      + "\"output_tokens\":4160,\"output_tokens_details\":{\"image_tokens\":4160,\"text_tokens\":0},\"total_tokens\":4210}";

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

  /** One multipart part as sent. */
  record Part(String disposition, String contentType, byte[] bytes) {
    String text() {
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** The parts of a multipart body, in order. */
  static List<Part> parts(RecordedRequest r) {
    MediaType type = MediaType.get(r.getHeaders().get("Content-Type"));
    assertThat(type.type() + "/" + type.subtype()).isEqualTo("multipart/form-data");
    List<Part> out = new ArrayList<>();
    try (MultipartReader reader = new MultipartReader(new Buffer().write(r.getBody()), type.parameter("boundary"))) {
      for (MultipartReader.Part p; (p = reader.nextPart()) != null; ) {
        Headers h = p.headers();
        out.add(new Part(h.get("Content-Disposition"), h.get("Content-Type"), p.body().readByteArray()));
        p.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * The request as the core hands it to the provider after its own checks: common fields mapped
   * through the spec's bindings and every parameter validated by its {@code ParameterSpec}.
   */
  static ProviderRequest validated(GenerationRequest r, ModelSpec spec) {
    Map<String, Object> params = new LinkedHashMap<>();
    r.numOutputs().ifPresent(v -> bind(params, spec, CommonParameter.NUM_OUTPUTS, v));
    r.outputFormat().ifPresent(v -> bind(params, spec, CommonParameter.OUTPUT_FORMAT, v));
    r.aspectRatio().ifPresent(v -> bind(params, spec, CommonParameter.ASPECT_RATIO, v));
    r.width().ifPresent(v -> bind(params, spec, CommonParameter.WIDTH, v));
    r.height().ifPresent(v -> bind(params, spec, CommonParameter.HEIGHT, v));
    r.parameters().forEach((k, v) -> params.put(k, spec.parameters().get(k).validate(k, v, spec.id())));
    return new ProviderRequest("job-1", r, spec, params, null);
  }

  private static void bind(Map<String, Object> params, ModelSpec spec, CommonParameter c, Object v) {
    var p = spec.parameter(c).orElseThrow(() -> new AssertionError(spec.id() + " does not bind " + c));
    params.put(p.name(), p.validate(c.field(), v, spec.id()));
  }
}
