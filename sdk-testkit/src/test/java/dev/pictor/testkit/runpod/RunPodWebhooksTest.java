package dev.pictor.testkit.runpod;

import dev.pictor.testkit.internal.Json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Unsigned webhook deliveries of the final job, with RunPod's two retries. */
class RunPodWebhooksTest {
  private static final String KEY = "rpa_webhooks_test_key_000001";

  @StartStop final MockWebServer receiver = new MockWebServer();
  private RunPodSimulator sim;

  @AfterEach
  void close() {
    if (sim != null) sim.close();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(RecordedRequest request) {
    return (Map<String, Object>) Json.parse(request.getBody().utf8());
  }

  @Test
  void theFinalJobIsPostedOnceUnsigned() throws Exception {
    sim = RunPodSimulator.builder().build().start();
    receiver.enqueue(new MockResponse.Builder().code(200).build());
    String hook = receiver.url("/hooks/runpod?token=s3cret").toString();
    String id = (String) Http.of(sim, RunPodSimulator.FLUX_SCHNELL, KEY)
        .post("/run", "{\"input\":{\"prompt\":\"x\"},\"webhook\":\"" + hook + "\"}").get("id");

    RecordedRequest delivery = receiver.takeRequest(5, TimeUnit.SECONDS);
    assertThat(delivery).isNotNull();
    assertThat(delivery.getMethod()).isEqualTo("POST");
    assertThat(delivery.getUrl().encodedQuery()).isEqualTo("token=s3cret");
    assertThat(delivery.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(delivery.getHeaders().get("Authorization")).isNull();
    assertThat(delivery.getHeaders().names()).noneMatch(h -> h.toLowerCase().contains("signature"));
    Map<String, Object> body = json(delivery);
    assertThat(body).containsEntry("id", id).containsEntry("status", "COMPLETED").containsEntry("webhook", hook)
        .containsEntry("input", Map.of("prompt", "x")).containsKeys("output", "delayTime", "executionTime");
    assertThat(receiver.takeRequest(200, TimeUnit.MILLISECONDS)).isNull();
    assertThat(sim.ledger().webhookDeliveries()).isEqualTo(1);
    assertThat(sim.ledger().webhookAttempts()).isEqualTo(1);
  }

  @Test
  void aFailedDeliveryIsRetriedTwiceMoreWithTheSameBody() throws Exception {
    sim = RunPodSimulator.builder().webhookRetryDelay(Duration.ofMillis(20))
        .faults(RunPodSimulator.Faults.builder().failingJobs(1.0).build()).build().start();
    receiver.enqueue(new MockResponse.Builder().code(500).build());
    receiver.enqueue(new MockResponse.Builder().code(503).build());
    receiver.enqueue(new MockResponse.Builder().code(500).build());
    receiver.enqueue(new MockResponse.Builder().code(200).build());
    Http.of(sim, RunPodSimulator.FLUX_SCHNELL, KEY)
        .post("/run", "{\"input\":{\"prompt\":\"x\"},\"webhook\":\"" + receiver.url("/hook") + "\"}");
    RecordedRequest first = receiver.takeRequest(5, TimeUnit.SECONDS);
    RecordedRequest second = receiver.takeRequest(5, TimeUnit.SECONDS);
    RecordedRequest third = receiver.takeRequest(5, TimeUnit.SECONDS);
    assertThat(json(first)).containsEntry("status", "FAILED").containsKey("error").doesNotContainKey("output");
    assertThat(second.getBody()).isEqualTo(first.getBody());
    assertThat(third.getBody()).isEqualTo(first.getBody());
    assertThat(receiver.takeRequest(300, TimeUnit.MILLISECONDS)).isNull(); // 1 + 2 retries, then it gives up
    assertThat(sim.ledger().webhookAttempts()).isEqualTo(3);
    assertThat(sim.ledger().webhookDeliveries()).isZero();
  }

  @Test
  void cancelledJobsAreDeliveredTooAndBadWebhookUrlsRefused() throws Exception {
    Http.MutableClock clock = new Http.MutableClock();
    sim = RunPodSimulator.builder().clock(clock).latency(Duration.ofSeconds(10)).build().start();
    receiver.enqueue(new MockResponse.Builder().code(200).build());
    Http http = Http.of(sim, RunPodSimulator.FLUX_SCHNELL, KEY);
    String id = (String) http.post("/run", "{\"input\":{\"prompt\":\"x\"},\"webhook\":\"" + receiver.url("/hook") + "\"}").get("id");
    http.post("/cancel/" + id);
    RecordedRequest delivery = receiver.takeRequest(5, TimeUnit.SECONDS);
    assertThat(json(delivery)).containsEntry("id", id).containsEntry("status", "CANCELLED");
    assertThat(http.post("/run", "{\"input\":{\"prompt\":\"x\"},\"webhook\":\"not a url\"}").code()).isEqualTo(400);
  }
}
