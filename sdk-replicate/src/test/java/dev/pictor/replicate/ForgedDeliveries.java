package dev.pictor.replicate;

import dev.pictor.WebhookRejectedException.Reason;
import dev.pictor.replicate.internal.Signatures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Replicate webhook deliveries, forged and valid, drawn from one seeded {@link Random} so that a
 * failure names a delivery that can be made again. Each forgery says why it must be refused.
 * Forgeries take a valid delivery of the same body and break one thing about it.
 */
final class ForgedDeliveries {
  /** One delivery: what kind it is, its headers and body, and the refusal it must get (null: accepted). */
  record Delivery(String kind, Map<String, List<String>> headers, byte[] body, Reason expected) {
    @Override
    public String toString() {
      return kind + " " + headers;
    }
  }

  private static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  private final Random random;
  private final String secret;
  private final Instant now;
  private final Duration tolerance;
  private final Map<String, Supplier<Delivery>> kinds = new LinkedHashMap<>();
  private String body;

  ForgedDeliveries(long seed, String secret, Instant now, Duration tolerance) {
    this.random = new Random(seed);
    this.secret = secret;
    this.now = now;
    this.tolerance = tolerance;
    registerKinds();
  }

  /** The kinds of forgery, by name. */
  List<String> kinds() {
    return List.copyOf(kinds.keySet());
  }

  /** {@code n} forgeries of deliveries of {@code body}, every kind in turn. */
  List<Delivery> forged(String body, int n) {
    this.body = body;
    List<String> names = kinds();
    List<Delivery> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(kinds.get(names.get(i % names.size())).get());
    return out;
  }

  /** {@code n} deliveries of {@code body} that must verify, in all the shapes Standard Webhooks allows. */
  List<Delivery> valid(String body, int n) {
    this.body = body;
    List<Delivery> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      switch (i % 4) {
        case 0:
          out.add(signed("valid", id(), now.getEpochSecond(), secret, bytes(), null));
          break;
        case 1: { // one valid entry among forged ones and other versions, in any position
          Delivery d = signed("valid among others", id(), now.getEpochSecond(), secret, bytes(), null);
          List<String> entries = new ArrayList<>(List.of("v1," + randomSignature(), "v2," + randomSignature(), "v1,@@@"));
          entries.add(random.nextInt(entries.size() + 1), signature(d));
          out.add(with(d, "webhook-signature", String.join(" ", entries), null));
          break;
        }
        case 2: { // anywhere inside the tolerance, either way
          long skew = (long) (random.nextDouble() * (tolerance.getSeconds() - 1)) * (random.nextBoolean() ? 1 : -1);
          out.add(signed("valid, skewed " + skew + "s", id(), now.getEpochSecond() + skew, secret, bytes(), null));
          break;
        }
        default: { // header names in another case
          Delivery d = signed("valid, capitalised headers", id(), now.getEpochSecond(), secret, bytes(), null);
          Map<String, List<String>> h = new LinkedHashMap<>();
          d.headers().forEach((k, v) -> h.put(k.toUpperCase(java.util.Locale.ROOT), v));
          out.add(new Delivery(d.kind(), h, d.body(), null));
        }
      }
    }
    return out;
  }

  private void registerKinds() {
    kinds.put("random signature", () -> withSignature(good("random signature"), "v1," + randomSignature()));
    kinds.put("one bit flipped", () -> {
      Delivery d = good("one bit flipped");
      byte[] sig = Base64.getDecoder().decode(signature(d).substring(3));
      sig[random.nextInt(sig.length)] ^= (byte) (1 << random.nextInt(8));
      return withSignature(d, "v1," + Base64.getEncoder().encodeToString(sig));
    });
    kinds.put("one character changed", () -> {
      Delivery d = good("one character changed");
      String sig = signature(d).substring(3);
      return withSignature(d, "v1," + mutatedBase64(sig));
    });
    kinds.put("wrong secret", () -> signed("wrong secret", id(), now.getEpochSecond(), randomSecret(), bytes(), Reason.BAD_SIGNATURE));
    kinds.put("too old", () -> signed("too old", id(), now.getEpochSecond() - tolerance.getSeconds() - 1 - random.nextInt(1_000_000),
        secret, bytes(), Reason.STALE));
    kinds.put("from the future", () -> signed("from the future", id(),
        now.getEpochSecond() + tolerance.getSeconds() + 1 + random.nextInt(1_000_000), secret, bytes(), Reason.STALE));
    kinds.put("timestamp far beyond any date", () -> signed("timestamp far beyond any date", id(), Long.MAX_VALUE - random.nextInt(1000),
        secret, bytes(), Reason.STALE));
    for (String name : new String[] {"webhook-id", "webhook-timestamp", "webhook-signature"}) {
      kinds.put("no " + name, () -> without(good("no " + name), name));
      kinds.put("blank " + name, () -> with(good("blank " + name), name, " ", Reason.MISSING_HEADER));
    }
    kinds.put("timestamp not a number", () -> with(good("timestamp not a number"), "webhook-timestamp",
        new String[] {"1e9", "12:00", "0x5F00", "99999999999999999999", "yesterday\r\nX: y"}[random.nextInt(5)], Reason.MALFORMED));
    kinds.put("one body byte changed", () -> {
      Delivery d = good("one body byte changed");
      byte[] b = d.body().clone();
      int at = random.nextInt(b.length);
      b[at] = (byte) (b[at] ^ (1 + random.nextInt(255)));
      return new Delivery(d.kind() + " at " + at, d.headers(), b, Reason.BAD_SIGNATURE);
    });
    kinds.put("one byte added", () -> {
      Delivery d = good("one byte added");
      byte[] b = Arrays.copyOf(d.body(), d.body().length + 1);
      b[b.length - 1] = (byte) (random.nextBoolean() ? ' ' : '\n');
      return new Delivery(d.kind(), d.headers(), b, Reason.BAD_SIGNATURE);
    });
    kinds.put("empty body", () -> new Delivery("empty body", good("empty body").headers(), new byte[0], Reason.BAD_SIGNATURE));
    kinds.put("signed for another body", () -> {
      Delivery other = signed("x", id(), now.getEpochSecond(), secret, (body.replace("\"status\":\"", "\"status\":\"x")
          + " ").getBytes(StandardCharsets.UTF_8), null);
      return new Delivery("signed for another body", other.headers(), bytes(), Reason.BAD_SIGNATURE);
    });
    kinds.put("timestamp moved after signing", () -> {
      Delivery d = good("timestamp moved after signing");
      long moved = now.getEpochSecond() + 1 + random.nextInt((int) tolerance.getSeconds() - 1);
      return with(d, "webhook-timestamp", Long.toString(moved), Reason.BAD_SIGNATURE);
    });
    kinds.put("id changed after signing", () -> with(good("id changed after signing"), "webhook-id", id(), Reason.BAD_SIGNATURE));
    kinds.put("malformed base64", () -> withSignature(good("malformed base64"),
        "v1," + new String[] {"!!!", "%%%%", "abc", "====", "YWJj ZA", ""}[random.nextInt(6)] + randomSignature().substring(5)));
    kinds.put("another version", () -> {
      Delivery d = good("another version");
      String sig = signature(d).substring(3);
      String prefix = new String[] {"v2,", "V1,", "v1a,", "v0,", ",", "v1", "v1;", "v11,"}[random.nextInt(8)];
      return withSignature(d, prefix + sig);
    });
    kinds.put("several forged, none valid", () -> {
      Delivery d = good("several forged, none valid");
      StringBuilder sb = new StringBuilder();
      for (int i = 0, n = 2 + random.nextInt(4); i < n; i++) sb.append(i == 0 ? "" : " ").append("v1,").append(randomSignature());
      return withSignature(d, sb.toString());
    });
    kinds.put("signature cut short", () -> {
      Delivery d = good("signature cut short");
      String sig = signature(d);
      return withSignature(d, sig.substring(0, 4 + random.nextInt(sig.length() - 5)));
    });
  }

  private Delivery good(String kind) {
    return signed(kind, id(), now.getEpochSecond(), secret, bytes(), null);
  }

  private byte[] bytes() {
    return body.getBytes(StandardCharsets.UTF_8);
  }

  private String id() {
    return "msg_" + Long.toUnsignedString(random.nextLong(), 36);
  }

  private Delivery signed(String kind, String id, long timestamp, String key, byte[] body, Reason expected) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    h.put("webhook-id", List.of(id));
    h.put("webhook-timestamp", List.of(Long.toString(timestamp)));
    h.put("webhook-signature", List.of(Signatures.sign(key, id, timestamp, body)));
    return new Delivery(kind, h, body, expected);
  }

  private static String signature(Delivery d) {
    return d.headers().get("webhook-signature").get(0);
  }

  private static Delivery withSignature(Delivery d, String signature) {
    return with(d, "webhook-signature", signature, Reason.BAD_SIGNATURE);
  }

  private static Delivery with(Delivery d, String header, String value, Reason expected) {
    Map<String, List<String>> h = new LinkedHashMap<>(d.headers());
    h.put(header, List.of(value));
    return new Delivery(d.kind(), h, d.body(), expected);
  }

  private static Delivery without(Delivery d, String header) {
    Map<String, List<String>> h = new LinkedHashMap<>(d.headers());
    h.remove(header);
    return new Delivery(d.kind(), h, d.body(), Reason.MISSING_HEADER);
  }

  private String randomSignature() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  private String randomSecret() {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return "whsec_" + Base64.getEncoder().encodeToString(b);
  }

  /** {@code sig} with one character replaced so that it decodes to other bytes, or no longer decodes. */
  private String mutatedBase64(String sig) {
    byte[] original = Base64.getDecoder().decode(sig);
    while (true) {
      char[] c = sig.toCharArray();
      int at = random.nextInt(sig.indexOf('=') < 0 ? c.length : sig.indexOf('='));
      char replacement = B64.charAt(random.nextInt(B64.length()));
      if (replacement == c[at]) continue;
      c[at] = replacement;
      String mutated = new String(c);
      try {
        if (Arrays.equals(Base64.getDecoder().decode(mutated), original)) continue; // the same bytes: not a forgery
      } catch (IllegalArgumentException notBase64) {
        return mutated;
      }
      return mutated;
    }
  }
}
