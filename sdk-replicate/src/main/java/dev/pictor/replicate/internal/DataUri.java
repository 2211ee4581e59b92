package dev.pictor.replicate.internal;

import dev.pictor.spi.ProviderOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Locale;

/**
 * {@code data:} URIs: encoding small inputs inline, and decoding outputs as a stream, so a large
 * base64 output is never decoded into a second copy in memory. Stateless.
 */
public final class DataUri {
  private DataUri() {}

  public static boolean is(String value) {
    return value.regionMatches(true, 0, "data:", 0, 5);
  }

  /** {@code data:<mediaType>;base64,<bytes>}. */
  public static String encode(byte[] bytes, String mediaType) {
    return "data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(bytes);
  }

  /** The length of {@link #encode}'s result, without encoding. */
  public static long encodedLength(long bytes, String mediaType) {
    return "data:".length() + mediaType.length() + ";base64,".length() + 4 * ((bytes + 2) / 3);
  }

  /** An output whose bytes are decoded from {@code uri} as they are read. */
  public static ProviderOutput output(String uri) {
    int comma = uri.indexOf(',');
    if (comma < 0) throw new IllegalArgumentException("a data URI without a comma");
    boolean base64 = uri.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64");
    if (base64) return ProviderOutput.base64(uri, comma + 1);
    return ProviderOutput.stream(() -> new java.io.ByteArrayInputStream(percentDecode(uri, comma + 1)));
  }

  private static byte[] percentDecode(String s, int from) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() - from);
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) throw new IOException("bad percent escape in a data URI at " + i);
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toByteArray();
  }
}
