package dev.pictor.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * One output of a provider job: a URL the core downloads at once (without the provider's token), or
 * a stream the provider opens (decoded base64, say). Immutable.
 */
public final class ProviderOutput {
  /** Opens an output's bytes. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  private final String url;
  private final Opener opener;
  private final java.util.Map<String, String> metadata;

  private ProviderOutput(String url, Opener opener) {
    this(url, opener, java.util.Map.of());
  }

  private ProviderOutput(String url, Opener opener, java.util.Map<String, String> metadata) {
    this.url = url;
    this.opener = opener;
    this.metadata = java.util.Map.copyOf(metadata);
  }

  /**
   * A copy that carries facts about the image for the caller (how it was made: a crop, the size the
   * provider produced, a revised prompt). They reach {@link dev.pictor.StoredOutput#metadata()} and
   * {@link dev.pictor.GeneratedImage#metadata()}, and are stored with the job. Never put secrets here.
   */
  public ProviderOutput withMetadata(java.util.Map<String, String> metadata) {
    return new ProviderOutput(url, opener, metadata);
  }

  /** Facts about the image for the caller; empty unless the provider set some. */
  public java.util.Map<String, String> metadata() {
    return metadata;
  }

  /** An output at {@code url}, downloaded without any provider credentials. */
  public static ProviderOutput url(String url) {
    return new ProviderOutput(Objects.requireNonNull(url, "url == null"), null);
  }

  /** An output whose bytes the provider streams itself. */
  public static ProviderOutput stream(Opener opener) {
    return new ProviderOutput(null, Objects.requireNonNull(opener, "opener == null"));
  }

  /**
   * An output sent as base64 text (a data URI's payload from {@code from} on, or a bare base64
   * string with {@code from} 0), decoded as it is read: the text is never copied into a second
   * buffer of bytes. Line breaks in the text are ignored.
   */
  public static ProviderOutput base64(String text, int from) {
    Objects.requireNonNull(text, "text == null");
    if (from < 0 || from > text.length()) throw new IllegalArgumentException("from = " + from + " is outside the text");
    return stream(() -> java.util.Base64.getMimeDecoder().wrap(new AsciiStream(text, from)));
  }

  public Optional<String> urlValue() {
    return Optional.ofNullable(url);
  }

  public Optional<Opener> opener() {
    return Optional.ofNullable(opener);
  }

  @Override
  public String toString() {
    return url != null ? "ProviderOutput{url}" : "ProviderOutput{stream}";
  }

  /** The characters of a string from an offset, read as ASCII bytes, without copying the string. */
  private static final class AsciiStream extends InputStream {
    private final String s;
    private int pos;

    AsciiStream(String s, int from) {
      this.s = s;
      this.pos = from;
    }

    @Override
    public int read() {
      return pos < s.length() ? s.charAt(pos++) & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) return 0;
      if (pos >= s.length()) return -1;
      int n = Math.min(len, s.length() - pos);
      for (int i = 0; i < n; i++) b[off + i] = (byte) s.charAt(pos++);
      return n;
    }

    @Override
    public int available() {
      return s.length() - pos;
    }
  }
}
