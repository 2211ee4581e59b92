package dev.pictor;

import dev.pictor.spi.WebhookDelivery;
import java.util.List;
import java.util.Map;

/**
 * Feeds webhook deliveries the host application receives into the client, which verifies them with
 * the provider and moves the job on as a poll would. Idempotent: duplicates and out-of-order
 * deliveries change nothing; polling goes on in the background as a backstop for deliveries that
 * never come. Thread-safe; get it from {@link GenerationClient#webhooks()}.
 *
 * <p>What is refused, always with a {@link WebhookRejectedException} naming the
 * {@linkplain WebhookRejectedException#reason() reason} and changing no job: a missing header, a
 * signature that does not verify the exact body bytes with a known secret (Replicate, Standard
 * Webhooks: any one valid {@code v1} entry among several is enough), a timestamp further from now
 * than the provider's tolerance (Replicate: 5 minutes either way), a per-job URL token that is not
 * the one issued (RunPod), and every delivery for a provider that sends no webhooks (OpenAI).
 *
 * <p>Replays: a delivery replayed inside the tolerance is authentic, so it is not refused; it is
 * applied idempotently and changes nothing ({@link Outcome#UNCHANGED}), since a job never moves
 * back to an older state. Outside the tolerance it is refused. There is no store of seen
 * {@code webhook-id}s: a provider's own retry of a final delivery (same id) must still succeed.
 *
 * <pre>{@code
 * // in your HTTP handler for POST /hooks/replicate
 * try {
 *   client.webhooks().handle("replicate", request.headers(), request.rawBody());
 *   return 200;
 * } catch (WebhookRejectedException e) {
 *   return 401;
 * }
 * }</pre>
 */
public interface Webhooks {
  /** What a delivery did. */
  enum Outcome {
    /** The job moved on. */
    UPDATED,
    /** Authentic, but it changed nothing: a duplicate, an older state, or an already finished job. */
    UNCHANGED,
    /** Authentic, but about no job in this client's store. */
    UNKNOWN_JOB
  }

  /**
   * Verifies and applies one delivery for {@code provider}.
   *
   * @throws WebhookRejectedException when the delivery is not authentic; nothing changed
   */
  Outcome handle(String provider, WebhookDelivery delivery);

  /** {@link #handle(String, WebhookDelivery)} for the client's default provider. */
  Outcome handle(WebhookDelivery delivery);

  /** For the client's default provider, from raw headers and body. */
  default Outcome handle(Map<String, List<String>> headers, byte[] rawBody) {
    return handle(WebhookDelivery.of(null, headers, rawBody));
  }

  /** {@link #handle(String, WebhookDelivery)} from raw headers and body, without the URL. */
  default Outcome handle(String provider, Map<String, List<String>> headers, byte[] rawBody) {
    return handle(provider, WebhookDelivery.of(null, headers, rawBody));
  }
}
