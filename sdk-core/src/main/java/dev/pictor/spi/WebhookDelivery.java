package dev.pictor.spi;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One webhook request as the host application received it: the URL it was sent to, its headers and
 * the raw body, byte for byte (signatures are computed over the raw bytes; never re-serialise).
 * Header names are matched case-insensitively. Immutable and thread-safe.
 */
public final class WebhookDelivery {
  private final URI uri;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  private WebhookDelivery(URI uri, Map<String, List<String>> headers, byte[] body) {
    this.uri = uri;
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    this.headers = java.util.Collections.unmodifiableMap(h);
    this.body = body.clone();
  }

  /** A delivery; {@code uri} may be null when the host does not pass it on. */
  public static WebhookDelivery of(URI uri, Map<String, List<String>> headers, byte[] body) {
    return new WebhookDelivery(uri, Objects.requireNonNull(headers, "headers == null"), Objects.requireNonNull(body, "body == null"));
  }

  /** The URL the provider called, with its query (RunPod puts a per-job token there). */
  public Optional<URI> uri() {
    return Optional.ofNullable(uri);
  }

  /** The first value of a header, by case-insensitive name. */
  public Optional<String> header(String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  public Map<String, List<String>> headers() {
    return headers;
  }

  /** A copy of the raw body. */
  public byte[] body() {
    return body.clone();
  }

  @Override
  public String toString() {
    return "WebhookDelivery{" + body.length + " bytes, headers=" + headers.keySet() + "}";
  }
}
