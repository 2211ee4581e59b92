package dev.pictor.calendar.internal;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.pictor.InvalidRequestException;
import dev.pictor.calendar.CalendarLayout;
import dev.pictor.calendar.CalendarTheme;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import okio.Okio;

/**
 * A theme's JSON: seed 001's template data ({@code theme}, {@code fluxPrompt}, {@code layout},
 * {@code colorScheme}) plus a format {@code version}, written and read with Moshi's streaming writer
 * and reader. The ten built-in themes are this JSON too, in {@code themes.json}.
 */
public final class ThemeCodec {
  /** The theme format this release writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  private ThemeCodec() {}

  /** The theme as JSON. */
  public static String write(CalendarTheme t) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      write(w, t);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  /** Writes the theme as one JSON object. */
  public static void write(JsonWriter w, CalendarTheme t) throws IOException {
    w.beginObject();
    w.name("version").value(FORMAT_VERSION);
    w.name("theme").value(t.name());
    w.name("fluxPrompt").beginObject();
    w.name("basePrompt").value(t.basePrompt());
    w.name("negativePrompt").value(t.negativePrompt());
    w.name("styleStrength").value(t.styleStrength());
    w.name("steps").value(t.steps());
    w.endObject();
    CalendarLayout l = t.layout();
    w.name("layout").beginObject();
    w.name("type").value(l.grid().wireName());
    w.name("monthsPerPage").value(1);
    w.name("photoFrameStyle").value(l.frame().wireName());
    w.name("decorativeElements").value(l.decorations().wireName());
    w.name("includeNotes").value(l.notes());
    w.endObject();
    w.name("colorScheme").beginArray();
    for (String c : t.colors()) w.value(c);
    w.endArray();
    w.endObject();
  }

  /**
   * Reads one theme object from a JSON text.
   *
   * @throws InvalidRequestException when the text is not a theme, naming the field
   */
  public static CalendarTheme read(String json) {
    if (json == null || json.isBlank()) throw new InvalidRequestException("json", "theme JSON is empty");
    JsonReader r = JsonReader.of(new Buffer().writeUtf8(json));
    try {
      CalendarTheme theme = read(r);
      if (r.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new InvalidRequestException("json", "theme JSON has more content after its object");
      }
      return theme;
    } catch (IOException | JsonDataException e) { // in-memory text: every read failure is a malformed text
      throw new InvalidRequestException("json", "theme JSON is malformed: " + e.getMessage(), null, e);
    }
  }

  /** Reads one theme object. */
  public static CalendarTheme read(JsonReader r) throws IOException {
    return fromValue(r.readJsonValue());
  }

  /** A theme from a JSON value as Moshi reads it (objects are maps, numbers doubles). */
  private static CalendarTheme fromValue(Object json) {
    Map<?, ?> t = object(json, "theme JSON");
    checkVersion(t.get("version"));
    Object prompt = t.get("fluxPrompt");
    if (prompt == null) throw new InvalidRequestException("fluxPrompt", "theme JSON has no \"fluxPrompt\" object with its basePrompt");
    Map<?, ?> p = object(prompt, "fluxPrompt");
    CalendarTheme.Builder b = CalendarTheme.builder(string(t, "theme", "theme"))
        .basePrompt(string(p, "basePrompt", "fluxPrompt.basePrompt"));
    if (p.get("negativePrompt") != null) b.negativePrompt(string(p, "negativePrompt", "fluxPrompt.negativePrompt"));
    if (p.get("styleStrength") != null) b.styleStrength(number(p, "styleStrength", "fluxPrompt.styleStrength"));
    if (p.get("steps") != null) b.steps(wholeNumber(p, "steps", "fluxPrompt.steps"));
    if (t.get("layout") != null) b.layout(layout(object(t.get("layout"), "layout")));
    if (t.get("colorScheme") != null) {
      if (!(t.get("colorScheme") instanceof List)) throw wrongType("colorScheme", "an array of #RRGGBB strings", t.get("colorScheme"));
      List<String> colors = new ArrayList<>();
      for (Object c : (List<?>) t.get("colorScheme")) colors.add(c instanceof String ? (String) c : String.valueOf(c));
      b.colors(colors);
    }
    return b.build();
  }

  private static void checkVersion(Object version) {
    if (version == null) return; // seed 001's own template data has none: format 1
    if (!(version instanceof Double) || (Double) version != Math.rint((Double) version) || (Double) version < 1) {
      throw new InvalidRequestException("version", "theme format version " + version + " does not exist: expected " + FORMAT_VERSION);
    }
    long v = ((Double) version).longValue();
    if (v > FORMAT_VERSION) {
      throw new InvalidRequestException("version", "theme format version " + v + " is newer than this Pictor reads"
          + " (up to " + FORMAT_VERSION + "): upgrade Pictor to load it");
    }
  }

  /** The layout; missing fields take the plain defaults, hints such as {@code photoProcessing} are ignored. */
  private static CalendarLayout layout(Map<?, ?> l) {
    Object perPage = l.get("monthsPerPage");
    if (perPage != null && wholeNumber(l, "monthsPerPage", "layout.monthsPerPage") != 1) {
      throw new InvalidRequestException("layout.monthsPerPage", "layout.monthsPerPage = " + wholeNumber(l, "monthsPerPage",
          "layout.monthsPerPage") + " is not supported: the calendar prints one month a page");
    }
    Object notes = l.get("includeNotes");
    if (notes != null && !(notes instanceof Boolean)) throw wrongType("layout.includeNotes", "true or false", notes);
    return new CalendarLayout(
        l.get("type") == null ? CalendarLayout.Grid.TWELVE_MONTH_GRID
            : CalendarLayout.Grid.fromWireName(string(l, "type", "layout.type")),
        l.get("photoFrameStyle") == null ? CalendarLayout.Frame.CLEAN_LINE
            : CalendarLayout.Frame.fromWireName(string(l, "photoFrameStyle", "layout.photoFrameStyle")),
        l.get("decorativeElements") == null ? CalendarLayout.Decoration.NONE
            : CalendarLayout.Decoration.fromWireName(string(l, "decorativeElements", "layout.decorativeElements")),
        Boolean.TRUE.equals(notes));
  }

  private static Map<?, ?> object(Object value, String field) {
    if (!(value instanceof Map)) throw wrongType(field, "a JSON object", value);
    return (Map<?, ?>) value;
  }

  private static String string(Map<?, ?> m, String key, String field) {
    Object v = m.get(key);
    if (v != null && !(v instanceof String)) throw wrongType(field, "a string", v);
    return (String) v;
  }

  private static double number(Map<?, ?> m, String key, String field) {
    Object v = m.get(key);
    if (!(v instanceof Double)) throw wrongType(field, "a number", v);
    return (Double) v;
  }

  private static int wholeNumber(Map<?, ?> m, String key, String field) {
    double v = number(m, key, field);
    if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
      throw new InvalidRequestException(field, field + " = " + v + " must be a whole number");
    }
    return (int) v;
  }

  private static InvalidRequestException wrongType(String field, String expected, Object got) {
    String kind = got == null ? "null" : got instanceof Map ? "an object" : got instanceof List ? "an array"
        : got instanceof String ? "a string" : got instanceof Boolean ? "a boolean" : "a number";
    return new InvalidRequestException(field, field + " must be " + expected + "; got " + kind);
  }

  /** The ten themes of seed 001, from the packaged {@code themes.json}. */
  public static List<CalendarTheme> builtIns() {
    try (InputStream in = ThemeCodec.class.getResourceAsStream("themes.json")) {
      if (in == null) throw new IllegalStateException("themes.json is missing from the sdk-calendar jar");
      Object all = JsonReader.of(Okio.buffer(Okio.source(in))).readJsonValue();
      List<CalendarTheme> themes = new ArrayList<>();
      for (Object theme : (List<?>) all) themes.add(fromValue(theme));
      return List.copyOf(themes);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the built-in calendar themes", e);
    }
  }
}
