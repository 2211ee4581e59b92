package dev.pictor.runpod.internal;

import dev.pictor.spi.InputUploader;
import java.time.Duration;
import okhttp3.HttpUrl;

/**
 * A provider's fixed configuration, as its builder validated it. Immutable.
 *
 * @param baseUrl the API base, such as {@code https://api.runpod.ai/v2}, without a trailing slash
 * @param syncWait how long {@code /runsync} holds for the result, 1 to 300 seconds
 * @param asyncSubmit true to submit with {@code /run} instead of {@code /runsync}
 * @param webhookUrl the host's webhook base URL, or null for none
 * @param webhookTokens derives and checks the per-job webhook tokens
 * @param uploader the host's storage for local input images, or null
 */
public record Settings(HttpUrl baseUrl, Duration syncWait, boolean asyncSubmit, String webhookUrl,
    WebhookTokens webhookTokens, InputUploader uploader) {
  /** The id every Pictor API knows this provider by. */
  public static final String PROVIDER = "runpod";

  /** {@code {base}/{endpointId}/{segments}}, such as {@code .../black-forest-labs-flux-1-kontext-dev/status/abc}. */
  public HttpUrl url(String endpointId, String segments) {
    return baseUrl.newBuilder().addPathSegment(endpointId).addPathSegments(segments).build();
  }
}
