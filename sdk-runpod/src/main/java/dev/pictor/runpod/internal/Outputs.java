package dev.pictor.runpod.internal;

import dev.pictor.spi.ProviderOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds the images in a job's {@code output}: the public endpoints' {@code image_url}, and for
 * workers of the host's own, URLs, {@code data:} URIs or bare base64 strings, alone, in arrays, or
 * under {@code image_urls}, {@code images}, {@code image}, {@code url} or {@code data}. URLs are
 * downloaded by the core; base64 is decoded as it is read. Stateless.
 */
public final class Outputs {
  /** Keys searched in an output object, in order; the first that holds images wins. */
  private static final String[] KEYS = {"image_url", "image_urls", "images", "image", "url", "urls", "data"};
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=\\r\\n]+");
  /** A URI with a scheme and no white space: an output address, whatever its scheme. */
  private static final Pattern ADDRESS = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]{0,15}:\\S+");
  /** Shorter strings are never taken for an image (an id, a file name, a status). */
  private static final int MIN_BASE64 = 64;

  private Outputs() {}

  public static List<ProviderOutput> of(Object output) {
    List<ProviderOutput> out = new ArrayList<>();
    collect(output, out);
    return out;
  }

  /** The http(s) URLs among the outputs, for callers that want links rather than bytes. */
  public static List<String> urls(Object output) {
    List<String> out = new ArrayList<>();
    for (ProviderOutput o : of(output)) o.urlValue().filter(Outputs::isHttp).ifPresent(out::add);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void collect(Object o, List<ProviderOutput> out) {
    if (o instanceof String) {
      ProviderOutput one = fromString((String) o);
      if (one != null) out.add(one);
    } else if (o instanceof List) {
      for (Object item : (List<?>) o) collect(item, out);
    } else if (o instanceof Map) {
      Map<String, Object> m = (Map<String, Object>) o;
      for (String key : KEYS) {
        int before = out.size();
        collect(m.get(key), out);
        if (out.size() > before) return;
      }
    }
  }

  private static ProviderOutput fromString(String s) {
    if (s.regionMatches(true, 0, "data:", 0, 5)) {
      int comma = s.indexOf(',');
      if (comma < 0 || !s.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64")) return null;
      return base64(s, comma + 1);
    }
    // Any other address (https:, but also file:, ftp:, jar:) goes to the core, which fetches only
    // http(s) and refuses the rest by name: dropping it would end the job as a success without images.
    if (ADDRESS.matcher(s).matches()) return ProviderOutput.url(s);
    if (s.length() >= MIN_BASE64 && BASE64.matcher(s).matches()) return base64(s, 0);
    return null;
  }

  private static boolean isHttp(String url) {
    return url.regionMatches(true, 0, "http://", 0, 7) || url.regionMatches(true, 0, "https://", 0, 8);
  }

  /** Decodes lazily: the string is not copied into a second buffer of bytes up front. */
  private static ProviderOutput base64(String s, int from) {
    return ProviderOutput.base64(s, from);
  }
}
