package dev.pictor.testkit.runpod;

import dev.pictor.testkit.internal.Json;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Sends RunPod's webhook: one unsigned POST of the final job JSON when a job ends, from a background
 * thread; a delivery that is not answered with a 2xx is retried up to 2 more times, a configurable
 * delay apart (RunPod: 10 s). Redirects are not followed. Thread-safe.
 */
final class Webhooks {
  private static final MediaType JSON = MediaType.get("application/json");
  static final int RETRIES = 2;

  private final RunPodLedger ledger;
  private final Duration retryDelay;
  private final ExecutorService executor;
  private final OkHttpClient http;

  Webhooks(RunPodLedger ledger, Duration retryDelay) {
    this.ledger = ledger;
    this.retryDelay = retryDelay;
    AtomicInteger n = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "runpod-simulator-webhook-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.http = new OkHttpClient.Builder().followRedirects(false).followSslRedirects(false)
        .connectTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(5)).build();
  }

  /** Queues the delivery of {@code job}'s final state if it has a webhook. Caller holds the Jobs lock. */
  void send(Job job) {
    if (job.webhook == null) return;
    String url = job.webhook;
    String body = Json.write(job.toWebhookJson());
    try {
      executor.execute(() -> deliver(url, body));
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // the simulator is closing
    }
  }

  private void deliver(String url, String body) {
    for (int attempt = 0; ; attempt++) {
      if (post(url, body)) return;
      if (attempt >= RETRIES) return;
      try {
        Thread.sleep(retryDelay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private boolean post(String url, String body) {
    Request request;
    try {
      request = new Request.Builder().url(url).post(RequestBody.create(body, JSON)).build();
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
