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

  private ProviderOutput(String url, Opener opener) {
    this.url = url;
    this.opener = opener;
  }

  /** An output at {@code url}, downloaded without any provider credentials. */
  public static ProviderOutput url(String url) {
    return new ProviderOutput(Objects.requireNonNull(url, "url == null"), null);
  }

  /** An output whose bytes the provider streams itself. */
  public static ProviderOutput stream(Opener opener) {
    return new ProviderOutput(null, Objects.requireNonNull(opener, "opener == null"));
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
}
