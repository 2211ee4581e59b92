package dev.pictor.replicate.internal;

import dev.pictor.spi.ProviderCall;
import dev.pictor.spi.ProviderJob;
import dev.pictor.spi.WebhookDelivery;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Verifies and reads webhook deliveries. The signing secret is the host's, or else each account's own
 * ({@code GET /webhooks/default/secret}), fetched once per token and kept in memory: a pool may mix
 * accounts, so a delivery is accepted when any known secret verifies it. Thread-safe.
 */
public final class WebhookReceiver {
  private final Settings settings;
  private final Api api;
  private final Parser parser;
  private final Map<String, String> fetched = new ConcurrentHashMap<>();

  public WebhookReceiver(Settings settings, Api api, Parser parser) {
    this.settings = settings;
    this.api = api;
    this.parser = parser;
  }

  /**
   * What can be verified before a token is leased: with the host's own secrets, the whole signature;
   * without them, each account's secret is fetched with a token, so only the headers and the timestamp.
   */
  public void precheck(WebhookDelivery delivery, Instant now) {
    if (settings.webhookSecrets().isEmpty()) {
      Signatures.checkHeaders(header(delivery), settings.webhookTolerance(), now);
    } else {
      Signatures.verify(header(delivery), delivery.body(), settings.webhookSecrets(), settings.webhookTolerance(), now);
    }
  }

  public CompletableFuture<Optional<ProviderJob>> accept(ProviderCall call, WebhookDelivery delivery) {
    Op<Optional<ProviderJob>> op = new Op<>();
    return op.finish(secrets(call, op).thenApply(secrets -> {
      byte[] body = delivery.body();
      Signatures.verify(header(delivery), body, secrets, settings.webhookTolerance(), call.clock().now());
      Map<String, Object> prediction;
      try {
        prediction = Json.parse(call.moshi(), new String(body, java.nio.charset.StandardCharsets.UTF_8));
      } catch (IOException | RuntimeException e) {
        throw new dev.pictor.WebhookRejectedException(dev.pictor.WebhookRejectedException.Reason.MALFORMED,
            "the webhook body is not a JSON object: " + e.getMessage());
      }
      if (isTraining(prediction)) return Optional.empty();
      return Optional.of(parser.parse(prediction));
    }));
  }

  private CompletableFuture<List<String>> secrets(ProviderCall call, Op<?> op) {
    if (!settings.webhookSecrets().isEmpty()) return CompletableFuture.completedFuture(settings.webhookSecrets());
    String label = call.tokenLabel();
    if (label == null || fetched.containsKey(label)) return CompletableFuture.completedFuture(new ArrayList<>(fetched.values()));
    return api.get(call, op, "webhooks/default/secret").thenApply(answer -> {
      String key = Json.string(answer, "key");
      if (key != null) fetched.put(label, key);
      return new ArrayList<>(fetched.values());
    });
  }

  private static Function<String, String> header(WebhookDelivery delivery) {
    return name -> delivery.header(name).orElse(null);
  }

  /** Trainings share the webhook shape; their output is an object ({@code version}, {@code weights}). */
  static boolean isTraining(Map<String, Object> body) {
    Object output = body.get("output");
    if (output instanceof Map) return true;
    String get = Json.string(Json.object(body, "urls"), "get");
    return get != null && get.contains("/trainings/");
  }
}
