package dev.pictor.testkit.replicate;

import dev.pictor.testkit.internal.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Sends webhook POSTs on background threads, signed like Replicate (Standard Webhooks): headers
 * {@code webhook-id} (stable across retries), {@code webhook-timestamp} and {@code webhook-signature}.
 * A job's deliveries go out in order; only the terminal ({@code completed}) one is retried, with
 * backoff compressed from Replicate's minute to about two seconds. Redirects are not followed.
 * Thread-safe.
 */
final class Webhooks {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final long[] RETRY_MILLIS = {100, 200, 400, 800, 1600};
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final String secret;
  private final Clock clock;
  private final ReplicateLedger ledger;
  private final String apiBase;
  private final ExecutorService executor;
  private final OkHttpClient http;

  Webhooks(String secret, Clock clock, ReplicateLedger ledger, String apiBase) {
    this.secret = secret;
    this.clock = clock;
    this.ledger = ledger;
    this.apiBase = apiBase;
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "replicate-simulator-webhook-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.http = new OkHttpClient.Builder().followRedirects(false).followSslRedirects(false)
        .connectTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(5)).build();
  }

  /** Queues {@code event} for {@code job} if it has a webhook that subscribed to that event. */
  void send(Job job, String event) {
    if (job.webhook == null || !job.events().contains(event)) return;
    String body = Json.write(job.toJson(apiBase));
    boolean retry = event.equals("completed");
    String id = "msg_" + randomId(27);
    job.chainWebhook(previous -> previous.thenRunAsync(() -> deliver(job.webhook, id, body, retry), executor)
        .exceptionally(e -> null));
  }

  private void deliver(String url, String id, String body, boolean retry) {
    for (int attempt = 0; ; attempt++) {
      if (post(url, id, body)) return;
      if (!retry || attempt >= RETRY_MILLIS.length) return;
      try {
        Thread.sleep(RETRY_MILLIS[attempt]);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private boolean post(String url, String id, String body) {
    long timestamp = clock.instant().getEpochSecond();
    Request request;
    try {
      request = new Request.Builder().url(url)
          .header("webhook-id", id)
          .header("webhook-timestamp", Long.toString(timestamp))
          .header("webhook-signature", sign(secret, id, timestamp, body))
          .post(RequestBody.create(body, JSON)).build();
    } catch (IllegalArgumentException badUrl) {
      ledger.webhook(false);
      return true; // nothing to retry: the URL can never work
    }
    try (Response response = http.newCall(request).execute()) {
      boolean ok = response.isSuccessful();
      ledger.webhook(ok);
      return ok;
    } catch (IOException e) {
      ledger.webhook(false);
      return false;
    }
  }

  /** {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body" keyed with the base64 part of the whsec_ secret>}. */
  static String sign(String secret, String id, long timestamp, String body) {
    if (secret == null || !secret.startsWith("whsec_")) throw new IllegalArgumentException("secret must start with whsec_");
    byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new random {@code whsec_} secret with a 24-byte key. */
  static String newSecret() {
    byte[] key = new byte[24];
    RANDOM.nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }

  static String randomId(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    return sb.toString();
  }

  /** Stops delivering; deliveries still queued are dropped. */
  void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
