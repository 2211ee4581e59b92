package dev.pictor.replicate.internal;

import java.time.Duration;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * A provider's fixed configuration, as its builder validated it. Immutable.
 *
 * @param baseUrl the API base, such as {@code https://api.replicate.com/v1}, without a trailing slash
 * @param waitSeconds the {@code Prefer: wait=N} hold time for creates, 1 to 60
 * @param webhookUrl where Replicate sends webhooks, or null for none
 * @param webhookEvents the {@code webhook_events_filter}; empty for Replicate's default
 * @param webhookSecrets signing secrets the host supplied; empty to fetch the account's own
 * @param webhookTolerance how far a webhook's timestamp may be from now
 */
public record Settings(HttpUrl baseUrl, int waitSeconds, String webhookUrl, List<String> webhookEvents,
    List<String> webhookSecrets, Duration webhookTolerance) {
  /** The id every Pictor API knows this provider by. */
  public static final String PROVIDER = "replicate";

  public Settings {
    webhookEvents = List.copyOf(webhookEvents);
    webhookSecrets = List.copyOf(webhookSecrets);
  }

  /** Without the signing secrets, which a record would print. */
  @Override
  public String toString() {
    return "Settings{" + baseUrl + ", wait=" + waitSeconds + "s, webhook=" + (webhookUrl == null ? "none" : webhookUrl)
        + ", events=" + webhookEvents + ", " + webhookSecrets.size() + " webhook secret(s), tolerance=" + webhookTolerance + "}";
  }

  /** The base URL with {@code segments} appended, such as {@code predictions/abc/cancel}. */
  public HttpUrl url(String segments) {
    return baseUrl.newBuilder().addPathSegments(segments).build();
  }
}
