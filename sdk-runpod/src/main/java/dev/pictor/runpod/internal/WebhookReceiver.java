package dev.pictor.runpod.internal;

import com.squareup.moshi.Moshi;
import dev.pictor.WebhookRejectedException;
import dev.pictor.WebhookRejectedException.Reason;
import dev.pictor.spi.ProviderCall;
import dev.pictor.spi.ProviderJob;
import dev.pictor.spi.WebhookDelivery;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Accepts RunPod's webhooks, which are not signed: a delivery counts only when its URL carries the
 * right per-job token ({@link WebhookTokens}), and even then its body is not trusted: the job's state
 * is read again from {@code /status}, so a replayed or altered body changes nothing. Thread-safe.
 */
public final class WebhookReceiver {
  /** For the body's job id before any call (and its Moshi) exists. */
  private static final Moshi MOSHI = new Moshi.Builder().build();

  private final Settings settings;
  private final Jobs jobs;

  public WebhookReceiver(Settings settings, Jobs jobs) {
    this.settings = settings;
    this.jobs = jobs;
  }

  /** What a delivery's URL and body name, once its URL's token verified. */
  private record Checked(String pictorJob, String providerJobId) {}

  /**
   * Everything that needs no token, before the core leases one: the URL's per-job token, the body's
   * job id and, when the job the URL names already has a provider job id ({@code providerJobId}), that
   * the body names that same job. A job whose submit answer was lost has none: a delivery to its own
   * URL (whose token binds the job and its endpoint) is then what lets it be adopted.
   */
  public void precheck(WebhookDelivery delivery, Optional<String> providerJobId) {
    Checked c = check(delivery, MOSHI);
    if (providerJobId.isPresent() && !providerJobId.get().equals(c.providerJobId())) {
      throw new WebhookRejectedException(Reason.BAD_TOKEN, "runpod: the delivery to job " + quote(c.pictorJob())
          + "'s webhook URL names RunPod job " + quote(JobIds.runpodId(c.providerJobId())) + ", not that job's; refused");
    }
  }

  public CompletableFuture<Optional<ProviderJob>> accept(ProviderCall call, WebhookDelivery delivery) {
    Checked c;
    try {
      c = check(delivery, call.moshi());
    } catch (WebhookRejectedException e) {
      return CompletableFuture.failedFuture(e);
    }
    // The body only names the job; its state is what /status says now. The verified token also names
    // the Pictor job, so a job whose submit answer was lost can be adopted.
    return jobs.get(call, c.providerJobId()).thenApply(j -> Optional.of(j.withJobId(c.pictorJob())));
  }

  private Checked check(WebhookDelivery delivery, Moshi moshi) {
    if (settings.webhookUrl() == null) {
      throw new WebhookRejectedException(Reason.NOT_SUPPORTED, "runpod: webhooks are not configured on this provider (RunPodProvider.builder().webhook(url))");
    }
    URI uri = delivery.uri().orElseThrow(() -> new WebhookRejectedException(Reason.MISSING_HEADER, "runpod: a RunPod webhook is checked by the token in"
        + " its URL; pass the URL it was sent to: WebhookDelivery.of(requestUri, headers, body)"));
    Map<String, String> query = query(uri.getRawQuery());
    String jobId = query.get(WebhookTokens.JOB);
    String endpoint = query.get(WebhookTokens.ENDPOINT);
    String token = query.get(WebhookTokens.TOKEN);
    if (jobId == null || endpoint == null || token == null) {
      throw new WebhookRejectedException(Reason.MISSING_HEADER, "runpod: the webhook URL lacks " + WebhookTokens.JOB + ", " + WebhookTokens.ENDPOINT
          + " or " + WebhookTokens.TOKEN + "; it was not one this provider issued");
    }
    if (!settings.webhookTokens().verify(jobId, endpoint, token)) {
      throw new WebhookRejectedException(Reason.BAD_TOKEN, "runpod: the webhook token for job " + quote(jobId) + " does not match; refused");
    }
    return new Checked(jobId, JobIds.of(endpoint, id(moshi, delivery.body())));
  }

  private static String id(Moshi moshi, byte[] body) {
    Map<String, Object> json;
    try {
      json = Json.parse(moshi, new String(body, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      throw new WebhookRejectedException(Reason.MALFORMED, "runpod: the webhook body is not a JSON object: " + e.getMessage());
    }
    String id = Json.string(json, "id");
    if (id == null || id.isBlank() || id.indexOf('/') >= 0) {
      throw new WebhookRejectedException(Reason.MALFORMED, "runpod: the webhook body has no usable job id");
    }
    return id;
  }

  /** A value from the URL as it may appear in a message: printable ASCII only, at most 40 characters. */
  private static String quote(String value) {
    String s = value.replaceAll("[^ -~]", "?");
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  /** The query's parameters, decoded; the first value of each name wins. */
  public static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) return out;
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.putIfAbsent(name, value);
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
