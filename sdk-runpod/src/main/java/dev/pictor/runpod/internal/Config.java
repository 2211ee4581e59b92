package dev.pictor.runpod.internal;

import dev.pictor.InvalidRequestException;
import dev.pictor.TokenPool;
import dev.pictor.spi.InputUploader;
import dev.pictor.spi.RateLimits;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/** What {@code RunPodProvider.Builder} collects, each value checked as it is set. Not thread-safe. */
public final class Config {
  public static final Duration MAX_SYNC_WAIT = Duration.ofSeconds(300);
  public static final long MAX_INLINE_BYTES = 7L * 1024 * 1024;
  private static final Pattern ENDPOINT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

  public TokenPool tokens;
  public String baseUrl;
  public Duration syncWait;
  public boolean asyncSubmit;
  public final Map<String, String> endpoints = new LinkedHashMap<>();
  public final Map<String, Long> inline = new LinkedHashMap<>();
  public InputUploader uploader;
  public String webhookUrl;
  public String webhookSecret;
  public RateLimits rateLimits;

  public Config(String baseUrl, Duration syncWait) {
    this.baseUrl = baseUrl;
    this.syncWait = syncWait;
  }

  public void baseUrl(String url) {
    Objects.requireNonNull(url, "url == null");
    if (HttpUrl.parse(url) == null) throw new IllegalArgumentException("baseUrl '" + url + "' is not an http or https URL");
    this.baseUrl = url;
  }

  public void syncWait(Duration wait) {
    Objects.requireNonNull(wait, "wait == null");
    if (wait.compareTo(Duration.ofSeconds(1)) < 0 || wait.compareTo(MAX_SYNC_WAIT) > 0) {
      throw new IllegalArgumentException("syncWait must be 1 s to 300 s; got " + wait);
    }
    this.syncWait = wait;
  }

  public void endpoint(String modelId, String endpointId) {
    Objects.requireNonNull(modelId, "modelId == null");
    Objects.requireNonNull(endpointId, "endpointId == null");
    if (modelId.isBlank()) throw new IllegalArgumentException("modelId is blank");
    if (!ENDPOINT_ID.matcher(endpointId).matches()) {
      throw new IllegalArgumentException("endpoint id '" + endpointId + "' is not one: letters, digits, '-' and '_'");
    }
    endpoints.put(modelId, endpointId);
  }

  public void inline(String modelOrEndpointId, long maxBytes) {
    Objects.requireNonNull(modelOrEndpointId, "modelOrEndpointId == null");
    if (maxBytes < 1 || maxBytes > MAX_INLINE_BYTES) {
      throw new IllegalArgumentException("inline maxBytes must be 1 to " + MAX_INLINE_BYTES + "; got " + maxBytes);
    }
    inline.put(modelOrEndpointId, maxBytes);
  }

  public void webhook(String url) {
    Objects.requireNonNull(url, "baseUrl == null");
    if (HttpUrl.parse(url) == null) throw new IllegalArgumentException("webhook URL '" + url + "' is not an http or https URL");
    this.webhookUrl = url;
  }

  public void webhookSecret(String secret) {
    Objects.requireNonNull(secret, "secret == null");
    if (secret.length() < 32) throw new IllegalArgumentException("a webhook secret needs at least 32 characters");
    this.webhookSecret = secret;
  }

  /** The builder's configuration from {@code RUNPOD_API_KEY} and {@code RUNPOD_BASE_URL} (else {@code RUNPOD_ENDPOINT_BASE_URL}). */
  public static Config fromEnv(Function<String, String> env, String defaultBase, Duration defaultWait) {
    String keys = env.apply("RUNPOD_API_KEY");
    if (keys == null || keys.isBlank()) {
      throw new InvalidRequestException("tokens", "no RunPod API key: set RUNPOD_API_KEY (one key, or several separated by commas)");
    }
    Config c = new Config(defaultBase, defaultWait);
    c.tokens = TokenPool.of(keys.split(","));
    String base = env.apply("RUNPOD_BASE_URL");
    if (base == null || base.isBlank()) base = env.apply("RUNPOD_ENDPOINT_BASE_URL");
    if (base != null && !base.isBlank()) c.baseUrl(base.trim());
    return c;
  }

  /** The validated settings; the webhook secret is random unless the host gave one. */
  public Settings settings() {
    if (tokens == null) {
      throw new IllegalStateException("no API key: call apiKey(...) or tokens(TokenPool.of(...)), or use RunPodProvider.fromEnv()");
    }
    String url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    WebhookTokens secrets = webhookSecret == null ? WebhookTokens.random() : WebhookTokens.of(webhookSecret);
    return new Settings(HttpUrl.get(url), syncWait, asyncSubmit, webhookUrl, secrets, uploader);
  }
}
