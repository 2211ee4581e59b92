package dev.pictor.replicate.internal;

import dev.pictor.WebhookRejectedException;
import dev.pictor.WebhookRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replicate's webhook signatures (the Standard Webhooks scheme): HMAC-SHA256 over
 * {@code id + "." + timestamp + "." + rawBody} with the base64 key after {@code whsec_}, compared in
 * constant time with every {@code v1,<base64>} entry of {@code webhook-signature}, and a timestamp
 * within the tolerance of now. Stateless.
 */
public final class Signatures {
  private Signatures() {}

  /**
   * What can be checked without a secret: the three headers are there and the timestamp is a number
   * within {@code tolerance} of {@code now}.
   *
   * @param header reads a header by (lower-case) name; null when absent
   * @throws WebhookRejectedException saying what is wrong
   */
  public static void checkHeaders(Function<String, String> header, Duration tolerance, Instant now) {
    required(header, "webhook-id");
    String timestamp = required(header, "webhook-timestamp");
    required(header, "webhook-signature");
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      throw new WebhookRejectedException(Reason.MALFORMED, "webhook-timestamp '" + quote(timestamp)
          + "' is not a number of Unix seconds");
    }
    // A timestamp beyond Instant's range is as stale as any other far one.
    boolean inRange = seconds >= Instant.MIN.getEpochSecond() && seconds <= Instant.MAX.getEpochSecond();
    if (!inRange || Duration.between(Instant.ofEpochSecond(seconds), now).abs().compareTo(tolerance) > 0) {
      throw new WebhookRejectedException(Reason.STALE, "webhook-timestamp "
          + (inRange ? Instant.ofEpochSecond(seconds).toString() : seconds + " (Unix seconds)") + " is more than "
          + tolerance + " from now (" + now + "); refused as a possible replay");
    }
  }

  /**
   * Verifies a delivery against any of {@code secrets}.
   *
   * @param header reads a header by (lower-case) name; null when absent
   * @throws WebhookRejectedException saying what is wrong; nothing about the secrets
   */
  public static void verify(Function<String, String> header, byte[] rawBody, List<String> secrets, Duration tolerance,
      Instant now) {
    checkHeaders(header, tolerance, now);
    String id = header.apply("webhook-id");
    String timestamp = header.apply("webhook-timestamp");
    String signatures = header.apply("webhook-signature");
    if (secrets.isEmpty()) throw new WebhookRejectedException(Reason.BAD_SIGNATURE, "no webhook signing secret to verify with");
    byte[] signed = signedContent(id, timestamp.trim(), rawBody);
    for (String secret : secrets) {
      byte[] expected = hmac(key(secret), signed);
      for (String entry : signatures.trim().split(" +")) {
        int comma = entry.indexOf(',');
        if (comma < 0 || !entry.substring(0, comma).equals("v1")) continue;
        byte[] given;
        try {
          given = Base64.getDecoder().decode(entry.substring(comma + 1));
        } catch (IllegalArgumentException notBase64) {
          continue;
        }
        if (MessageDigest.isEqual(expected, given)) return;
      }
    }
    throw new WebhookRejectedException(Reason.BAD_SIGNATURE, "webhook-signature does not match the body: no v1 signature verifies with the "
        + (secrets.size() == 1 ? "signing secret" : secrets.size() + " signing secrets"));
  }

  /** {@code v1,<base64 HMAC>} for a body, as Replicate signs it (for tests and simulators). */
  public static String sign(String secret, String id, long timestamp, byte[] rawBody) {
    return "v1," + Base64.getEncoder().encodeToString(hmac(key(secret), signedContent(id, Long.toString(timestamp), rawBody)));
  }

  private static String required(Function<String, String> header, String name) {
    String v = header.apply(name);
    if (v == null || v.isBlank()) throw new WebhookRejectedException(Reason.MISSING_HEADER, "the " + name + " header is missing");
    return v;
  }

  /** A header value as it may appear in a message: printable ASCII only, at most 40 characters. */
  private static String quote(String value) {
    String s = value.replaceAll("[^ -~]", "?");
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  private static byte[] signedContent(String id, String timestamp, byte[] body) {
    byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(body, 0, out, prefix.length, body.length);
    return out;
  }

  /** The key bytes: the base64 part after {@code whsec_}. */
  static byte[] key(String secret) {
    String s = secret.trim();
    if (s.startsWith("whsec_")) s = s.substring("whsec_".length());
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the webhook secret is not whsec_ followed by base64", e);
    }
  }

  private static byte[] hmac(byte[] key, byte[] content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(content);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
