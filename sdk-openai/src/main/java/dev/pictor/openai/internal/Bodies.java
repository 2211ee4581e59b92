package dev.pictor.openai.internal;

import com.squareup.moshi.JsonWriter;
import dev.pictor.ImageFormat;
import dev.pictor.ImageInfo;
import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

/**
 * Writes a {@link Plan} as a request body: generations as JSON ({@code model} first, always), edits
 * as {@code multipart/form-data} with the same fields as text parts, then the images, each with its
 * file name and content type ({@code image} for one, repeated {@code image[]} for several, as the
 * official SDKs send them), then the mask. Images are streamed from their file or bytes when the
 * body is written, so a resent body reads them again. Stateless.
 */
public final class Bodies {
  static final MediaType JSON = MediaType.get("application/json");
  static final MediaType PNG = MediaType.get("image/png");

  private Bodies() {}

  public static RequestBody of(Plan plan) {
    return plan.edit() ? multipart(plan) : json(plan);
  }

  static RequestBody json(Plan plan) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      w.name("model").value(plan.model());
      w.name("prompt").value(plan.prompt());
      for (Map.Entry<String, Object> e : plan.fields().entrySet()) {
        w.name(e.getKey());
        Object v = e.getValue();
        if (v instanceof Number) w.value((Number) v);
        else if (v instanceof Boolean) w.value((Boolean) v);
        else w.value(String.valueOf(v));
      }
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a Buffer does not fail
    }
    return RequestBody.create(buffer.readByteString(), JSON);
  }

  static RequestBody multipart(Plan plan) {
    MultipartBody.Builder b = new MultipartBody.Builder().setType(MultipartBody.FORM);
    b.addFormDataPart("model", plan.model());
    b.addFormDataPart("prompt", plan.prompt());
    for (Map.Entry<String, Object> e : plan.fields().entrySet()) b.addFormDataPart(e.getKey(), String.valueOf(e.getValue()));
    List<ImageInput> images = plan.images();
    String part = images.size() == 1 ? "image" : "image[]";
    for (int i = 0; i < images.size(); i++) {
      ImageInput in = images.get(i);
      ImageInfo info = probe("images[" + i + "]", in);
      MediaType type = MediaType.get(info.format().mediaType());
      b.addFormDataPart(part, fileName(in.name(), info.format()), new InputBody(in, type));
    }
    if (plan.mask() != null) {
      Path mask = plan.mask();
      b.addFormDataPart(Catalogue.MASK, fileName(String.valueOf(mask.getFileName()), ImageFormat.PNG), RequestBody.create(mask.toFile(), PNG));
    }
    return b.build();
  }

  /**
   * The name with an extension that matches its content ({@code shoe} becomes {@code shoe.png}):
   * OpenAI reads the type of an upload from its name as well as its content type.
   */
  static String fileName(String name, ImageFormat format) {
    String lower = name.toLowerCase(Locale.ROOT);
    boolean matches = format == ImageFormat.JPEG ? lower.endsWith(".jpg") || lower.endsWith(".jpeg")
        : lower.endsWith("." + format.extension());
    return matches ? name : name + "." + format.extension();
  }

  private static ImageInfo probe(String field, ImageInput in) {
    try {
      return in.probe();
    } catch (IOException e) {
      throw new InvalidRequestException(field, field + " (" + in.name() + ") cannot be read: " + e.getMessage(), Settings.PROVIDER, e);
    }
  }

  /** An input image's bytes, streamed from its file or array each time the body is written. */
  static final class InputBody extends RequestBody {
    private final ImageInput input;
    private final MediaType type;
    private final long length;

    InputBody(ImageInput input, MediaType type) {
      this.input = input;
      this.type = type;
      long size;
      try {
        size = input.size();
      } catch (IOException e) {
        size = -1;
      }
      this.length = size;
    }

    @Override
    public MediaType contentType() {
      return type;
    }

    @Override
    public long contentLength() {
      return length;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      try (InputStream in = input.openStream(); Source source = Okio.source(in)) {
        sink.writeAll(source);
      }
    }
  }
}
