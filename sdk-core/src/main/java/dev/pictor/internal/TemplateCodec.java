package dev.pictor.internal;

import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.pictor.Action;
import dev.pictor.GenerationTemplate;
import dev.pictor.InvalidRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import okio.Buffer;

/** A {@link GenerationTemplate}'s JSON form, written and read with Moshi's streaming writer and reader. */
public final class TemplateCodec {
  private TemplateCodec() {}

  /** The JSON form of a template; see {@link GenerationTemplate#toJson()}. */
  public static String write(GenerationTemplate t) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      w.name("version").value(GenerationTemplate.FORMAT_VERSION);
      w.name("name").value(t.name());
      w.name("action").value(t.action().wireName());
      w.name("model").value(t.model());
      if (t.provider().isPresent()) w.name("provider").value(t.provider().get());
      if (t.prompt().isPresent()) w.name("prompt").value(t.prompt().get());
      if (t.negativePrompt().isPresent()) w.name("negativePrompt").value(t.negativePrompt().get());
      if (t.aspectRatio().isPresent()) w.name("aspectRatio").value(t.aspectRatio().get());
      if (!t.parameters().isEmpty()) {
        w.name("parameters").beginObject();
        for (Map.Entry<String, Object> e : t.parameters().entrySet()) {
          w.name(e.getKey());
          Object v = e.getValue();
          if (v instanceof String) w.value((String) v);
          else if (v instanceof Boolean) w.value((Boolean) v);
          else w.value((Number) v);
        }
        w.endObject();
      }
      if (!t.images().isEmpty()) {
        w.name("images").beginArray();
        for (String ref : t.images()) w.value(ref);
        w.endArray();
      }
      w.name("favorite").value(t.favorite());
      if (t.createdAt().isPresent()) w.name("createdAt").value(t.createdAt().get().toString());
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }
  /** Finds the top-level version on a look-ahead reader, before any field is interpreted. */
  public static void checkVersion(JsonReader peek) throws IOException {
    if (peek.peek() != JsonReader.Token.BEGIN_OBJECT) {
      throw new InvalidRequestException("json", "a template is a JSON object; got " + peek.peek());
    }
    peek.beginObject();
    String version = null;
    while (peek.hasNext()) {
      if (!peek.nextName().equals("version")) {
        peek.skipValue();
      } else if (peek.peek() == JsonReader.Token.NUMBER) {
        version = peek.nextString();
      } else {
        throw new InvalidRequestException("version", "template version must be a whole number; got " + peek.peek());
      }
    }
    if (version == null) {
      throw new InvalidRequestException("version", "template JSON has no \"version\" field; this Pictor reads"
          + " template format version " + GenerationTemplate.FORMAT_VERSION);
    }
    int v;
    try {
      v = Integer.parseInt(version);
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("version", "template version " + version + " is not a whole number");
    }
    if (v > GenerationTemplate.FORMAT_VERSION) {
      throw new InvalidRequestException("version", "template format version " + v + " is newer than this Pictor"
          + " can read (up to " + GenerationTemplate.FORMAT_VERSION + "): upgrade Pictor to load it");
    }
    if (v < 1) {
      throw new InvalidRequestException("version", "template format version " + v + " does not exist: expected "
          + GenerationTemplate.FORMAT_VERSION);
    }
  }

  /** Whitespace may follow the object; anything else is refused. */
  public static void requireEnd(JsonReader r) throws IOException {
    JsonReader.Token next;
    try {
      next = r.peek();
    } catch (JsonEncodingException e) {
      next = null;
    }
    if (next != JsonReader.Token.END_DOCUMENT) {
      throw new InvalidRequestException("json", "template JSON has more content after its object");
    }
  }

  public static GenerationTemplate read(JsonReader r) throws IOException {
    GenerationTemplate.Builder b = GenerationTemplate.builder();
    r.beginObject();
    while (r.hasNext()) {
      String key = r.nextName();
      if (r.peek() == JsonReader.Token.NULL) {
        r.nextNull();
        continue;
      }
      switch (key) {
        case "name": b.name(r.nextString()); break;
        case "action": b.action(Action.fromWireName(r.nextString())); break;
        case "model": b.model(r.nextString()); break;
        case "provider": b.provider(r.nextString()); break;
        case "prompt": b.prompt(r.nextString()); break;
        case "negativePrompt": b.negativePrompt(r.nextString()); break;
        case "aspectRatio": b.aspectRatio(r.nextString()); break;
        case "parameters": readParameters(r, b); break;
        case "images":
          r.beginArray();
          while (r.hasNext()) b.image(r.nextString());
          r.endArray();
          break;
        case "favorite": b.favorite(r.nextBoolean()); break;
        case "createdAt": b.createdAt(instant(r.nextString())); break;
        default: r.skipValue(); // "version", checked already, and fields of later releases
      }
    }
    r.endObject();
    return b.build();
  }

  private static void readParameters(JsonReader r, GenerationTemplate.Builder b) throws IOException {
    r.beginObject();
    while (r.hasNext()) {
      String name = r.nextName();
      JsonReader.Token token = r.peek();
      if (token == JsonReader.Token.STRING) b.parameter(name, r.nextString());
      else if (token == JsonReader.Token.BOOLEAN) b.parameter(name, r.nextBoolean());
      else if (token == JsonReader.Token.NUMBER) b.parameter(name, number(r.nextString()));
      else throw new InvalidRequestException("parameters." + name, "parameter '" + name + "' is " + token
          + " in the JSON; a template parameter must be a string, a number or a boolean");
    }
    r.endObject();
  }

  /** A number from its JSON text: whole numbers as Integer or Long, others (and huge ones) as Double. */
  private static Object number(String text) {
    if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException tooLarge) {
        // Beyond long: JSON allows it, Java keeps it only approximately, as a double.
      }
    }
    return Double.parseDouble(text);
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException("createdAt", "createdAt '" + text + "' is not an ISO-8601 instant such as"
          + " 2026-01-26T10:15:30Z", null, e);
    }
  }
}
