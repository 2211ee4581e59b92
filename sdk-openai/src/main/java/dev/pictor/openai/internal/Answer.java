package dev.pictor.openai.internal;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import okio.BufferedSource;

/**
 * An images answer (fact sheet 4.7), read field by field from the response body as it arrives. Each
 * {@code b64_json} is kept as the bytes that came off the socket (Moshi hands the token over as a
 * source, and its segments move into a buffer of their own), so the image's text is held once and
 * never copied into a string, a whole-body string or a map. Unknown fields are skipped. Immutable
 * once read (the buffers are only ever read through copies).
 *
 * @param created {@code created}, seconds since the epoch (0 when absent)
 * @param data the images, in order
 * @param size {@code size} (GPT image models), or null
 * @param outputFormat {@code output_format} (GPT image models), or null
 * @param quality {@code quality} (GPT image models), or null
 * @param usage {@code usage} (GPT image models), or null
 */
public record Answer(long created, List<Item> data, String size, String outputFormat, String quality, Usage usage) {
  private static final JsonReader.Options TOP = JsonReader.Options.of("created", "data", "size", "output_format", "quality", "usage");
  private static final JsonReader.Options ITEM = JsonReader.Options.of("b64_json", "url", "revised_prompt");
  private static final JsonReader.Options USAGE = JsonReader.Options.of("input_tokens", "output_tokens", "input_tokens_details");
  private static final JsonReader.Options DETAILS = JsonReader.Options.of("image_tokens", "text_tokens");

  /**
   * One image.
   *
   * @param b64 {@code b64_json}'s text, unquoted and unescaped, or null; read it through a copy
   * @param url {@code url} (DALL-E), or null
   * @param revisedPrompt {@code revised_prompt} (dall-e-3), or null
   */
  public record Item(Buffer b64, String url, String revisedPrompt) {}

  /** Reads one answer; a body that is not one throws (a {@code JsonDataException} or an {@link IOException}). */
  public static Answer read(BufferedSource source) throws IOException {
    JsonReader r = JsonReader.of(source);
    long created = 0;
    List<Item> data = List.of();
    String size = null;
    String format = null;
    String quality = null;
    Usage usage = null;
    r.beginObject();
    while (r.hasNext()) {
      switch (r.selectName(TOP)) {
        case 0:
          created = r.peek() == JsonReader.Token.NUMBER ? r.nextLong() : skip(r);
          break;
        case 1:
          data = items(r);
          break;
        case 2:
          size = string(r);
          break;
        case 3:
          format = string(r);
          break;
        case 4:
          quality = string(r);
          break;
        case 5:
          usage = usage(r);
          break;
        default:
          r.skipName();
          r.skipValue();
      }
    }
    r.endObject();
    return new Answer(created, data, size, format, quality, usage);
  }

  private static List<Item> items(JsonReader r) throws IOException {
    if (r.peek() == JsonReader.Token.NULL) {
      r.skipValue();
      return List.of();
    }
    List<Item> out = new ArrayList<>(1);
    r.beginArray();
    while (r.hasNext()) {
      Buffer b64 = null;
      String url = null;
      String revised = null;
      r.beginObject();
      while (r.hasNext()) {
        switch (r.selectName(ITEM)) {
          case 0:
            b64 = base64(r);
            break;
          case 1:
            url = string(r);
            break;
          case 2:
            revised = string(r);
            break;
          default:
            r.skipName();
            r.skipValue();
        }
      }
      r.endObject();
      out.add(new Item(b64, url, revised));
    }
    r.endArray();
    return out;
  }

  /**
   * A string's text as written, without its quotes. Moshi's {@code nextSource()} hands the token over
   * as it came; a text with escapes (OpenAI sends none in base64) is handed back to Moshi to undo them.
   */
  private static Buffer base64(JsonReader r) throws IOException {
    if (r.peek() != JsonReader.Token.STRING) {
      r.skipValue();
      return null;
    }
    Buffer raw = new Buffer();
    try (BufferedSource token = r.nextSource()) {
      raw.writeAll(token);
    }
    if (raw.size() < 2 || raw.getByte(0) != '"' || raw.getByte(raw.size() - 1) != '"') {
      throw new IOException("b64_json is not a JSON string");
    }
    if (raw.indexOf((byte) '\\') >= 0) return new Buffer().writeUtf8(JsonReader.of(raw).nextString());
    raw.skip(1);
    Buffer text = new Buffer();
    raw.read(text, raw.size() - 1);
    return text;
  }

  private static Usage usage(JsonReader r) throws IOException {
    if (r.peek() == JsonReader.Token.NULL) return r.nextNull();
    long in = -1;
    long out = -1;
    long[] details = {-1, -1};
    r.beginObject();
    while (r.hasNext()) {
      switch (r.selectName(USAGE)) {
        case 0:
          in = number(r);
          break;
        case 1:
          out = number(r);
          break;
        case 2:
          details(r, details);
          break;
        default:
          r.skipName();
          r.skipValue();
      }
    }
    r.endObject();
    return Usage.of(in, details[1], details[0], out);
  }

  private static void details(JsonReader r, long[] into) throws IOException {
    if (r.peek() != JsonReader.Token.BEGIN_OBJECT) {
      r.skipValue();
      return;
    }
    r.beginObject();
    while (r.hasNext()) {
      int i = r.selectName(DETAILS);
      if (i < 0) {
        r.skipName();
        r.skipValue();
      } else {
        into[i] = number(r);
      }
    }
    r.endObject();
  }

  private static String string(JsonReader r) throws IOException {
    if (r.peek() == JsonReader.Token.STRING) return r.nextString();
    r.skipValue();
    return null;
  }

  private static long number(JsonReader r) throws IOException {
    return r.peek() == JsonReader.Token.NUMBER ? r.nextLong() : skip(r);
  }

  private static long skip(JsonReader r) throws IOException {
    r.skipValue();
    return -1;
  }
}
