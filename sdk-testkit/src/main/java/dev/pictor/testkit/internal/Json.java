package dev.pictor.testkit.internal;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import okio.Buffer;

/**
 * JSON for the simulator: objects are {@code LinkedHashMap}s, arrays {@code ArrayList}s and numbers
 * {@link BigDecimal}s, so an input is echoed with the digits the client sent. Stateless; thread-safe.
 */
public final class Json {
  private Json() {}

  /** Parses one JSON value. @throws IllegalArgumentException if {@code text} is not JSON */
  public static Object parse(String text) {
    try {
      JsonReader reader = JsonReader.of(new Buffer().writeUtf8(text));
      Object value = read(reader);
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) throw new IllegalArgumentException("trailing data after the JSON value");
      return value;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
    }
  }

  private static Object read(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        reader.beginObject();
        while (reader.hasNext()) map.put(reader.nextName(), read(reader));
        reader.endObject();
        return map;
      }
      case BEGIN_ARRAY: {
        List<Object> list = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) list.add(read(reader));
        reader.endArray();
        return list;
      }
      case NUMBER:
        return new BigDecimal(reader.nextString());
      case STRING:
        return reader.nextString();
      case BOOLEAN:
        return reader.nextBoolean();
      case NULL:
        return reader.nextNull();
      default:
        throw new IOException("unexpected " + reader.peek() + " at " + reader.getPath());
    }
  }

  /** Writes {@code value} with nulls kept and keys in map order. */
  public static String write(Object value) {
    return write(value, false);
  }

  /** Writes {@code value} with object keys sorted at every level: equal JSON gives equal text. */
  public static String canonical(Object value) {
    return write(value, true);
  }

  private static String write(Object value, boolean sorted) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.setSerializeNulls(true);
      write(writer, value, sorted);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  private static void write(JsonWriter writer, Object value, boolean sorted) throws IOException {
    if (value == null) {
      writer.nullValue();
    } else if (value instanceof Map) {
      Map<?, ?> map = sorted ? new TreeMap<>((Map<?, ?>) value) : (Map<?, ?>) value;
      writer.beginObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        writer.name(String.valueOf(e.getKey()));
        write(writer, e.getValue(), sorted);
      }
      writer.endObject();
    } else if (value instanceof List) {
      writer.beginArray();
      for (Object item : (List<?>) value) write(writer, item, sorted);
      writer.endArray();
    } else if (value instanceof Number) {
      writer.value((Number) value);
    } else if (value instanceof Boolean) {
      writer.value((Boolean) value);
    } else {
      writer.value(value.toString());
    }
  }

  /** Builds a map from alternating keys and values, keeping their order. */
  public static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    return map;
  }
}
