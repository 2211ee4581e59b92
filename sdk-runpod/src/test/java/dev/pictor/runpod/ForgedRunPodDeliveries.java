package dev.pictor.runpod;

import dev.pictor.WebhookRejectedException.Reason;
import dev.pictor.runpod.internal.WebhookTokens;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * RunPod webhook deliveries forged against one job's real webhook URL, drawn from one seeded
 * {@link Random}. RunPod signs nothing, so what is forged is the per-job token in the URL (and the
 * parameters it binds); each forgery says why it must be refused.
 */
final class ForgedRunPodDeliveries {
  /** One delivery: its kind, the URL it arrives at (null: not passed on), its body, and the refusal it must get. */
  record Delivery(String kind, URI uri, byte[] body, Reason expected) {
    @Override
    public String toString() {
      return kind + " " + uri;
    }
  }

  private final Random random;
  private final URI target;
  private final URI other;
  private final String body;
  private final Map<String, Supplier<Delivery>> kinds = new LinkedHashMap<>();

  /**
   * @param target the webhook URL the provider issued for the job under attack
   * @param other the URL issued for another job of the same provider
   * @param body what the forger claims (a finished job)
   */
  ForgedRunPodDeliveries(long seed, URI target, URI other, String body) {
    this.random = new Random(seed);
    this.target = target;
    this.other = other;
    this.body = body;
    registerKinds();
  }

  List<String> kinds() {
    return List.copyOf(kinds.keySet());
  }

  /** {@code n} forgeries, every kind in turn. */
  List<Delivery> forged(int n) {
    List<String> names = kinds();
    List<Delivery> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(kinds.get(names.get(i % names.size())).get());
    return out;
  }

  private void registerKinds() {
    Map<String, String> q = query(target);
    String token = q.get(WebhookTokens.TOKEN);
    kinds.put("random token", () -> bad("random token", WebhookTokens.TOKEN, randomToken()));
    kinds.put("one bit flipped", () -> {
      byte[] t = Base64.getUrlDecoder().decode(token);
      t[random.nextInt(t.length)] ^= (byte) (1 << random.nextInt(8));
      return bad("one bit flipped", WebhookTokens.TOKEN, Base64.getUrlEncoder().withoutPadding().encodeToString(t));
    });
    kinds.put("one character changed", () -> bad("one character changed", WebhookTokens.TOKEN, mutated(token)));
    kinds.put("token cut short", () -> bad("token cut short", WebhookTokens.TOKEN, token.substring(0, random.nextInt(token.length()))));
    kinds.put("token made longer", () -> bad("token made longer", WebhookTokens.TOKEN, token + randomToken().substring(0, 1 + random.nextInt(8))));
    kinds.put("not base64", () -> bad("not base64", WebhookTokens.TOKEN, new String[] {"!!!!", "%00", "a b", "==", "\u00e9"}[random.nextInt(5)]));
    kinds.put("another job's token", () -> bad("another job's token", WebhookTokens.TOKEN, query(other).get(WebhookTokens.TOKEN)));
    kinds.put("job id changed", () -> bad("job id changed", WebhookTokens.JOB, "job_" + Long.toUnsignedString(random.nextLong(), 36)));
    kinds.put("the other job's id with this token", () -> bad("the other job's id with this token", WebhookTokens.JOB,
        query(other).get(WebhookTokens.JOB)));
    kinds.put("endpoint changed", () -> bad("endpoint changed", WebhookTokens.ENDPOINT,
        new String[] {"black-forest-labs-flux-1-dev", "my-endpoint", "", "../status"}[random.nextInt(4)]));
    kinds.put("another secret's token", () -> bad("another secret's token", WebhookTokens.TOKEN,
        WebhookTokens.of("another-instance-secret-" + random.nextLong() + "-0123456789abcdef")
            .token(q.get(WebhookTokens.JOB), q.get(WebhookTokens.ENDPOINT))));
    kinds.put("forged token first, real one second", () -> {
      String forged = target.toString().replace(WebhookTokens.TOKEN + "=", WebhookTokens.TOKEN + "=" + randomToken() + "&"
          + WebhookTokens.TOKEN + "=");
      return new Delivery("forged token first, real one second", URI.create(forged), bytes(body), Reason.BAD_TOKEN);
    });
    for (String name : new String[] {WebhookTokens.JOB, WebhookTokens.ENDPOINT, WebhookTokens.TOKEN}) {
      kinds.put("no " + name, () -> new Delivery("no " + name, without(name), bytes(body), Reason.MISSING_HEADER));
    }
    kinds.put("no URL", () -> new Delivery("no URL", null, bytes(body), Reason.MISSING_HEADER));
    kinds.put("right token, body not JSON", () -> new Delivery("right token, body not JSON", target,
        bytes(new String[] {"", "null", "[]", "{", "COMPLETED", body.substring(0, body.length() / 2)}[random.nextInt(6)]),
        Reason.MALFORMED));
    kinds.put("right token, body without a usable id", () -> new Delivery("right token, body without a usable id", target,
        bytes(new String[] {"{}", "{\"id\":\"\"}", "{\"id\":\"../../purge-queue\"}", "{\"id\":42}"}[random.nextInt(4)]),
        Reason.MALFORMED));
  }

  private Delivery bad(String kind, String parameter, String value) {
    Map<String, String> q = query(target);
    q.put(parameter, value);
    return new Delivery(kind, withQuery(q), bytes(body), Reason.BAD_TOKEN);
  }

  private URI without(String parameter) {
    Map<String, String> q = query(target);
    q.remove(parameter);
    return withQuery(q);
  }

  private URI withQuery(Map<String, String> q) {
    StringBuilder sb = new StringBuilder();
    q.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return URI.create(target.getScheme() + "://" + target.getRawAuthority() + target.getRawPath() + "?" + sb);
  }

  private static Map<String, String> query(URI uri) {
    return new LinkedHashMap<>(dev.pictor.runpod.internal.WebhookReceiver.query(uri.getRawQuery()));
  }

  private String randomToken() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** {@code token} with one character replaced so that it decodes to other bytes, or no longer decodes. */
  private String mutated(String token) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    byte[] original = Base64.getUrlDecoder().decode(token);
    while (true) {
      char[] c = token.toCharArray();
      int at = random.nextInt(c.length);
      c[at] = alphabet.charAt(random.nextInt(alphabet.length()));
      String m = new String(c);
      try {
        if (!Arrays.equals(Base64.getUrlDecoder().decode(m), original)) return m;
      } catch (IllegalArgumentException notBase64) {
        return m;
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
