package dev.pictor.replicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.WebhookRejectedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signature verification against the fact sheet's test vector and every way a delivery can be wrong. */
class ReplicateWebhooksTest {
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  static final String TIMESTAMP = "1614265330";
  static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
  static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
  static final Instant SENT = Instant.ofEpochSecond(1614265330);
  static final Duration TOLERANCE = ReplicateWebhooks.DEFAULT_TOLERANCE;

  static Map<String, List<String>> headers(String id, String timestamp, String signature) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    if (id != null) h.put("webhook-id", List.of(id));
    if (timestamp != null) h.put("webhook-timestamp", List.of(timestamp));
    if (signature != null) h.put("webhook-signature", List.of(signature));
    return h;
  }

  @Test
  void theFactSheetsTestVectorVerifies() {
    assertThatCode(() -> ReplicateWebhooks.verify(headers(ID, TIMESTAMP, SIGNATURE), BODY, SECRET, TOLERANCE, SENT))
        .doesNotThrowAnyException();
    assertThat(dev.pictor.replicate.internal.Signatures.sign(SECRET, ID, 1614265330L, BODY)).isEqualTo(SIGNATURE);
  }

  @Test
  void headerNamesAreCaseInsensitive() {
    Map<String, List<String>> h = Map.of("Webhook-Id", List.of(ID), "WEBHOOK-TIMESTAMP", List.of(TIMESTAMP),
        "Webhook-Signature", List.of(SIGNATURE));
    assertThatCode(() -> ReplicateWebhooks.verify(h, BODY, SECRET, TOLERANCE, SENT)).doesNotThrowAnyException();
  }

  @Test
  void aTamperedBodyIsRejected() {
    byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ReplicateWebhooks.verify(headers(ID, TIMESTAMP, SIGNATURE), tampered, SECRET, TOLERANCE, SENT))
        .isInstanceOf(WebhookRejectedException.class)
        .hasMessage("webhook-signature does not match the body: no v1 signature verifies with the signing secret");
  }

  @Test
  void theWrongSecretIsRejected() {
    String wrong = "whsec_" + java.util.Base64.getEncoder().encodeToString("another secret key!".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> ReplicateWebhooks.verify(headers(ID, TIMESTAMP, SIGNATURE), BODY, wrong, TOLERANCE, SENT))
        .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("does not match");
  }

  @Test
  void aDeliveryOutsideTheToleranceIsRefusedAsAReplay() {
    assertThatCode(() -> ReplicateWebhooks.verify(headers(ID, TIMESTAMP, SIGNATURE), BODY, SECRET, TOLERANCE,
        SENT.plus(Duration.ofMinutes(4)))).doesNotThrowAnyException();
    assertThatThrownBy(() -> ReplicateWebhooks.verify(headers(ID, TIMESTAMP, SIGNATURE), BODY, SECRET, TOLERANCE,
        SENT.plus(Duration.ofMinutes(6)))).isInstanceOf(WebhookRejectedException.class)
        .hasMessage("webhook-timestamp 2021-02-25T15:02:10Z is more than PT5M from now (2021-02-25T15:08:10Z); "
            + "refused as a possible replay");
    assertThatThrownBy(() -> ReplicateWebhooks.verify(headers(ID, TIMESTAMP, SIGNATURE), BODY, SECRET, TOLERANCE,
        SENT.minus(Duration.ofMinutes(6)))).isInstanceOf(WebhookRejectedException.class);
    assertThatThrownBy(() -> ReplicateWebhooks.verify(headers(ID, TIMESTAMP, SIGNATURE), BODY, SECRET)) // now, years later
        .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("possible replay");
  }

  @Test
  void missingHeadersAreRejectedByName() {
    assertThatThrownBy(() -> ReplicateWebhooks.verify(headers(null, TIMESTAMP, SIGNATURE), BODY, SECRET, TOLERANCE, SENT))
        .isInstanceOf(WebhookRejectedException.class).hasMessage("the webhook-id header is missing");
    assertThatThrownBy(() -> ReplicateWebhooks.verify(headers(ID, null, SIGNATURE), BODY, SECRET, TOLERANCE, SENT))
        .hasMessage("the webhook-timestamp header is missing");
    assertThatThrownBy(() -> ReplicateWebhooks.verify(headers(ID, TIMESTAMP, null), BODY, SECRET, TOLERANCE, SENT))
        .hasMessage("the webhook-signature header is missing");
    assertThatThrownBy(() -> ReplicateWebhooks.verify(headers(ID, "yesterday", SIGNATURE), BODY, SECRET, TOLERANCE, SENT))
        .hasMessage("webhook-timestamp 'yesterday' is not a number of Unix seconds");
  }

  @Test
  void anyOfSeveralSignaturesMayMatchButOnlyV1Counts() {
    String several = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v1,not-base64!! " + SIGNATURE;
    assertThatCode(() -> ReplicateWebhooks.verify(headers(ID, TIMESTAMP, several), BODY, SECRET, TOLERANCE, SENT))
        .doesNotThrowAnyException();
    String v2 = SIGNATURE.replace("v1,", "v2,");
    assertThatThrownBy(() -> ReplicateWebhooks.verify(headers(ID, TIMESTAMP, v2), BODY, SECRET, TOLERANCE, SENT))
        .isInstanceOf(WebhookRejectedException.class);
  }
}
