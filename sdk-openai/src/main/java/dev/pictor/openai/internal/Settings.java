package dev.pictor.openai.internal;

import java.time.Duration;
import okhttp3.HttpUrl;

/**
 * A provider's fixed configuration, as its builder validated it. Immutable.
 *
 * @param baseUrl the API base, such as {@code https://api.openai.com/v1}, without a trailing slash
 * @param organization the {@code OpenAI-Organization} header, or null
 * @param project the {@code OpenAI-Project} header, or null
 * @param requestTimeout how long one create may take, from the first byte sent to the last byte read
 */
public record Settings(HttpUrl baseUrl, String organization, String project, Duration requestTimeout) {
  /** The id every Pictor API knows this provider by. */
  public static final String PROVIDER = "openai";
  static final String USER_AGENT = "pictor-openai/0.1";

  /** {@code {base}/images/{operation}}: {@code generations} or {@code edits}. */
  public HttpUrl images(String operation) {
    return baseUrl.newBuilder().addPathSegment("images").addPathSegment(operation).build();
  }
}
