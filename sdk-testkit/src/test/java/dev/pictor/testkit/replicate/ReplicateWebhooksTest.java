package dev.pictor.testkit.replicate;

import dev.pictor.testkit.internal.Json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Webhook signing (the fact sheet's test vector) and signed deliveries to a real receiver. */
class ReplicateWebhooksTest {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String TOKEN = "r8_webhooks_test_token_00001";

  @StartStop final MockWebServer receiver = new MockWebServer();
  private ReplicateSimulator sim;

  @AfterEach
  void close() {
    if (sim != null) sim.close();
  }

  @Test
  void signMatchesTheReplicateTestVector() {
    assertThat(ReplicateSimulator.sign(SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}"))
        .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    assertThatThrownBy(() -> ReplicateSimulator.sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "id", 1, "{}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSecretEndpointReturnsTheSigningKey() throws Exception {
    sim = ReplicateSimulator.builder().webhookSecret(SECRET).build().start();
    assertThat(new Http(sim.baseUrl(), TOKEN).get("/webhooks/default/secret").json()).isEqualTo(Map.of("key", SECRET));
    assertThat(ReplicateSimulator.builder().build().webhookSecret()).startsWith("whsec_").isNotEqualTo(SECRET);
  }

  @Test
  void theDefaultEventsAreOutputThenCompletedEachSignedWithTheSecret() throws Exception {
    sim = ReplicateSimulator.builder().webhookSecret(SECRET).build().start();
    receiver.enqueue(new MockResponse.Builder().code(204).build());
    receiver.enqueue(new MockResponse.Builder().code(204).build());
    String hook = receiver.url("/hooks/replicate").toString();
    String id = (String) new Http(sim.baseUrl(), TOKEN).post("/models/black-forest-labs/flux-schnell/predictions",
        "{\"input\":{\"prompt\":\"x\"},\"webhook\":\"" + hook + "\"}").json().get("id");

    List<Map<String, Object>> bodies = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      RecordedRequest delivery = receiver.takeRequest(5, TimeUnit.SECONDS);
      assertThat(delivery).isNotNull();
      String body = delivery.getBody().utf8();
      String msgId = delivery.getHeaders().get("webhook-id");
      long timestamp = Long.parseLong(delivery.getHeaders().get("webhook-timestamp"));
      assertThat(msgId).startsWith("msg_");
      assertThat(delivery.getHeaders().get("webhook-signature")).isEqualTo(ReplicateSimulator.sign(SECRET, msgId, timestamp, body));
      assertThat(delivery.getHeaders().get("Authorization")).isNull();
      @SuppressWarnings("unchecked")
      Map<String, Object> json = (Map<String, Object>) Json.parse(body);
      bodies.add(json);
    }
    assertThat(bodies).allMatch(b -> b.get("id").equals(id) && b.get("webhook").equals(hook));
    assertThat(bodies.get(0)).containsEntry("status", "processing");
    assertThat(bodies.get(0).get("output")).isNotNull();
    assertThat(bodies.get(1)).containsEntry("status", "succeeded");
    assertThat(receiver.takeRequest(300, TimeUnit.MILLISECONDS)).isNull();
    assertThat(sim.ledger().webhookDeliveries()).isEqualTo(2);
  }

  @Test
  void theCompletedEventIsRetriedWithTheSameIdAndOnlyFilteredEventsAreSent() throws Exception {
    sim = ReplicateSimulator.builder().webhookSecret(SECRET).build().start();
    receiver.enqueue(new MockResponse.Builder().code(200).build()); // start
    receiver.enqueue(new MockResponse.Builder().code(500).build()); // completed, first try
    receiver.enqueue(new MockResponse.Builder().code(200).build()); // completed, retry
    String hook = receiver.url("/hook").toString();
    new Http(sim.baseUrl(), TOKEN).post("/models/google/nano-banana/predictions",
        "{\"input\":{\"prompt\":\"x\"},\"webhook\":\"" + hook + "\",\"webhook_events_filter\":[\"start\",\"completed\"]}");
    RecordedRequest start = receiver.takeRequest(5, TimeUnit.SECONDS);
    RecordedRequest first = receiver.takeRequest(5, TimeUnit.SECONDS);
    RecordedRequest retry = receiver.takeRequest(5, TimeUnit.SECONDS);
    assertThat(((Map<?, ?>) Json.parse(start.getBody().utf8())).get("status")).isEqualTo("processing");
    assertThat(((Map<?, ?>) Json.parse(first.getBody().utf8())).get("status")).isEqualTo("succeeded");
    assertThat(retry.getHeaders().get("webhook-id")).isEqualTo(first.getHeaders().get("webhook-id"));
    assertThat(retry.getBody()).isEqualTo(first.getBody());
    assertThat(receiver.takeRequest(300, TimeUnit.MILLISECONDS)).isNull();
    assertThat(sim.ledger().webhookAttempts()).isEqualTo(3);
    assertThat(sim.ledger().webhookDeliveries()).isEqualTo(2);
  }

  @Test
  void aBadEventsFilterIsRefused() throws Exception {
    sim = ReplicateSimulator.builder().build().start();
    Http.Reply reply = new Http(sim.baseUrl(), TOKEN).post("/models/google/nano-banana/predictions",
        "{\"input\":{},\"webhook\":\"https://example.com/h\",\"webhook_events_filter\":[\"done\"]}");
    assertThat(reply.code()).isEqualTo(422);
  }
}
