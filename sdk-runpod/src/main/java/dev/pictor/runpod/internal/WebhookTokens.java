package dev.pictor.runpod.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.HttpUrl;

/**
 * The per-job tokens that authenticate RunPod's unsigned webhooks. A job's webhook URL carries its
 * Pictor job id, its endpoint and a token: the first 128 bits of HMAC-SHA256 over both under the
 * provider's secret, base64url. Checking needs no stored state, only the secret, so several instances
 * (and restarts) given the same {@code webhookSecret} accept each other's deliveries. Thread-safe.
 */
public final class WebhookTokens {
  public static final String JOB = "pictor_job";
  public static final String ENDPOINT = "pictor_endpoint";
  public static final String TOKEN = "pictor_token";
  private static final int TOKEN_BYTES = 16;

  private final byte[] secret;

  private WebhookTokens(byte[] secret) {
    this.secret = secret;
  }

  /** A random secret of 256 bits: tokens verify only in this provider instance. */
  public static WebhookTokens random() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new WebhookTokens(key);
  }

  /** A secret the host keeps, shared by every instance that may receive the deliveries. */
  public static WebhookTokens of(String secret) {
    return new WebhookTokens(secret.getBytes(StandardCharsets.UTF_8));
  }

  /** The token for one job on one endpoint. */
  public String token(String jobId, String endpointId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(jobId, endpointId));
  }

  /** {@code base} with the job, endpoint and token added as query parameters. */
  public String url(String base, String jobId, String endpointId) {
    return HttpUrl.get(base).newBuilder().addQueryParameter(JOB, jobId).addQueryParameter(ENDPOINT, endpointId)
        .addQueryParameter(TOKEN, token(jobId, endpointId)).build().toString();
  }

  /** Whether {@code token} is the one for this job and endpoint, compared in constant time. */
  public boolean verify(String jobId, String endpointId, String token) {
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(mac(jobId, endpointId), given);
  }

  private byte[] mac(String jobId, String endpointId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      // A separator no id can contain keeps ("a", "bc") and ("ab", "c") apart.
      byte[] full = mac.doFinal((jobId + "\n" + endpointId).getBytes(StandardCharsets.UTF_8));
      return Arrays.copyOf(full, TOKEN_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
