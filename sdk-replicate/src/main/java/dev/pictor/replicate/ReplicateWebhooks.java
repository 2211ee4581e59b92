package dev.pictor.replicate;

import dev.pictor.WebhookRejectedException;
import dev.pictor.replicate.internal.Signatures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies Replicate's webhook signatures: {@code webhook-id}, {@code webhook-timestamp} and
 * {@code webhook-signature} (several space-separated {@code v1,<base64>} entries), HMAC-SHA256 over
 * {@code id.timestamp.body} with the {@code whsec_} secret, compared in constant time, and a
 * timestamp tolerance against replays (default 5 minutes).
 *
 * <p>Hosts that feed deliveries into {@code client.webhooks().handle("replicate", ...)} need not
 * call this: the provider verifies them itself. It is for hosts that route or queue deliveries first.
 * Stateless and thread-safe.
 *
 * <pre>{@code
 * try {
 *   ReplicateWebhooks.verify(request.headers(), request.rawBody(), System.getenv("REPLICATE_WEBHOOK_SECRET"));
 * } catch (WebhookRejectedException e) {
 *   return 401;
 * }
 * }</pre>
 */
public final class ReplicateWebhooks {
  /** The default tolerance for the delivery's timestamp. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private ReplicateWebhooks() {}

  /**
   * Verifies a delivery now, with the default tolerance.
   *
   * @param headers the request's headers; names are matched case-insensitively
   * @param rawBody the body exactly as received
   * @param secret the signing secret, {@code whsec_...}
   * @throws WebhookRejectedException when a header is missing, the timestamp is too far from now, or
   *     no signature matches
   */
  public static void verify(Map<String, List<String>> headers, byte[] rawBody, String secret) {
    verify(headers, rawBody, secret, DEFAULT_TOLERANCE, Instant.now());
  }

  /**
   * Verifies a delivery as of {@code now}.
   *
   * @throws WebhookRejectedException when a header is missing, the timestamp is more than
   *     {@code tolerance} from {@code now}, or no signature matches
   */
  public static void verify(Map<String, List<String>> headers, byte[] rawBody, String secret, Duration tolerance,
      Instant now) {
    Objects.requireNonNull(headers, "headers == null");
    Objects.requireNonNull(rawBody, "rawBody == null");
    Objects.requireNonNull(secret, "secret == null");
    Signatures.verify(name -> header(headers, name), rawBody, List.of(secret), tolerance, now);
  }

  private static String header(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty()) {
        return String.join(" ", e.getValue());
      }
    }
    return null;
  }
}
