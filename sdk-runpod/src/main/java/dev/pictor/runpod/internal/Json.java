package dev.pictor.runpod.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;

/** Reads and writes RunPod's JSON as plain maps and lists through the core's Moshi. Stateless. */
public final class Json {
  private static final Type MAP = Types.newParameterizedType(Map.class, String.class, Object.class);

  private Json() {}

  /** Parses a JSON object; numbers become {@code Double}. */
  public static Map<String, Object> parse(Moshi moshi, String json) throws IOException {
    JsonAdapter<Map<String, Object>> adapter = moshi.adapter(MAP);
    Map<String, Object> map = adapter.fromJson(json);
    if (map == null) throw new IOException("the body is JSON null, not an object");
    return map;
  }

  public static String write(Moshi moshi, Map<String, Object> value) {
    JsonAdapter<Map<String, Object>> adapter = moshi.adapter(MAP);
    return adapter.toJson(value);
  }

  /** The string at {@code key}, or null when absent or not a string. */
  public static String string(Map<String, Object> map, String key) {
    Object v = map == null ? null : map.get(key);
    return v instanceof String ? (String) v : null;
  }

  /** The object at {@code key}, or null. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Map<String, Object> map, String key) {
    Object v = map == null ? null : map.get(key);
    return v instanceof Map ? (Map<String, Object>) v : null;
  }

  /** The number at {@code key}, or null. */
  public static Double number(Map<String, Object> map, String key) {
    Object v = map == null ? null : map.get(key);
    return v instanceof Number ? ((Number) v).doubleValue() : null;
  }

  /** The whole number at {@code key}, or 0 when absent: for counters such as {@code /health}'s. */
  public static int count(Map<String, Object> map, String key) {
    Double d = number(map, key);
    return d == null ? 0 : (int) Math.round(d);
  }
}
