package dev.pictor.testkit.runpod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Keys, endpoint ids, rate limits per key and endpoint, and payload limits. */
class RunPodLimitsTest {
  private static final String A = "rpa_limits_key_a_000000000001";
  private static final String B = "rpa_limits_key_b_000000000002";
  private static final String SCHNELL = RunPodSimulator.FLUX_SCHNELL;
  private static final String BODY = "{\"input\":{\"prompt\":\"x\"}}";

  private final Http.MutableClock clock = new Http.MutableClock();
  private RunPodSimulator sim;

  @AfterEach
  void close() {
    if (sim != null) sim.close();
  }

  @Test
  void missingUnknownAndRevokedKeysGet401() throws Exception {
    sim = RunPodSimulator.builder().apiKeys(A, B).build().start();
    Http.Reply unknown = Http.of(sim, SCHNELL, "rpa_not_a_known_key_00000003").post("/run", BODY);
    assertThat(unknown.code()).isEqualTo(401);
    assertThat(unknown.contentType()).startsWith("application/json");
    assertThat(unknown.json()).containsKey("error");
    assertThat(Http.of(sim, SCHNELL, null).get("/health").code()).isEqualTo(401);
    Http a = Http.of(sim, SCHNELL, A);
    String id = a.run("{\"prompt\":\"x\"}");
    // RunPod's docs also show the key without "Bearer".
    Request bare = new Request.Builder().url(sim.baseUrl() + "/" + SCHNELL + "/status/" + id).header("Authorization", A).build();
    assertThat(Http.call(bare).code()).isEqualTo(200);
    Request empty = bare.newBuilder().header("Authorization", "Bearer ").build();
    assertThat(Http.call(empty).code()).isEqualTo(401);

    sim.revoke(A);
    assertThat(a.get("/status/" + id).code()).isEqualTo(401);
    assertThat(a.post("/run", BODY).code()).isEqualTo(401);
    assertThat(a.as(B).get("/health").code()).isEqualTo(200);
    assertThat(sim.ledger().total()).isEqualTo(1);
    assertThat(sim.ledger().charged(A)).isEqualTo(1);
    assertThat(sim.ledger().byStatus()).containsEntry(401, 5);
  }

  @Test
  void unknownEndpointsAndPathsAre404() throws Exception {
    sim = RunPodSimulator.builder().build().start();
    Http.Reply unknown = Http.of(sim, "my-private-endpoint", A).post("/run", BODY);
    assertThat(unknown.code()).isEqualTo(404);
    assertThat((String) unknown.get("error")).contains("my-private-endpoint");
    for (String endpoint : new String[] {RunPodSimulator.FLUX_KONTEXT_DEV, "flux-kontext-dev", RunPodSimulator.FLUX_DEV, SCHNELL}) {
      assertThat(Http.of(sim, endpoint, A).get("/health").code()).as(endpoint).isEqualTo(200);
    }
    Http http = Http.of(sim, SCHNELL, A);
    assertThat(http.get("/stream/some-id").code()).isEqualTo(404);
    assertThat(http.get("/requests").code()).isEqualTo(404);
    assertThat(http.get("/run").code()).isEqualTo(404);
    assertThat(sim.ledger().byEndpoint()).containsEntry("other", 3).containsEntry("POST /v2/{endpoint}/run", 1);
    assertThat(sim.ledger().total()).isZero();
  }

  @Test
  void theEndpointListCanBeReplacedOrOpened() throws Exception {
    sim = RunPodSimulator.builder().endpoints("abc123xyz").build().start();
    assertThat(Http.of(sim, "abc123xyz", A).post("/runsync", BODY).get("status")).isEqualTo("COMPLETED");
    assertThat(Http.of(sim, SCHNELL, A).post("/run", BODY).code()).isEqualTo(404);
    sim.close();
    sim = RunPodSimulator.builder().anyEndpoint().build().start();
    assertThat(Http.of(sim, "anything-at-all", A).post("/runsync", BODY).get("status")).isEqualTo("COMPLETED");
  }

  @Test
  void submissionsOverTheLimitGet429WithoutRetryAfterPerKeyAndEndpoint() throws Exception {
    sim = RunPodSimulator.builder().runLimit(1, 2).clock(clock).build().start();
    Http http = Http.of(sim, SCHNELL, A);
    assertThat(http.post("/run", BODY).code()).isEqualTo(200);
    assertThat(http.post("/run", BODY).code()).isEqualTo(200);
    Http.Reply throttled = http.post("/run", BODY);
    assertThat(throttled.code()).isEqualTo(429);
    assertThat(throttled.headers().get("Retry-After")).isNull();
    assertThat((String) throttled.get("error")).contains("/run");
    // /runsync has its own bucket of the same shape; other keys, endpoints and operations still pass.
    assertThat(http.post("/runsync", BODY).code()).isEqualTo(200);
    assertThat(http.post("/runsync", BODY).code()).isEqualTo(200);
    assertThat(http.post("/runsync", BODY).code()).isEqualTo(429);
    assertThat(http.as(B).post("/run", BODY).code()).isEqualTo(200);
    assertThat(Http.of(sim, RunPodSimulator.FLUX_DEV, A).post("/run", BODY).code()).isEqualTo(200);
    assertThat(http.get("/health").code()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(1));
    assertThat(http.post("/run", BODY).code()).isEqualTo(200);
    assertThat(sim.ledger().total()).isEqualTo(7);
    assertThat(sim.ledger().byStatus()).containsEntry(429, 2);
  }

  @Test
  void statusCancelAndPurgeHaveTheirOwnLimits() throws Exception {
    sim = RunPodSimulator.builder().statusLimit(1, 1).cancelLimit(1, 1).runsyncLimit(1, 1).clock(clock).build().start();
    Http http = Http.of(sim, SCHNELL, A);
    String id = http.run("{\"prompt\":\"x\"}");
    assertThat(http.run("{\"prompt\":\"y\"}")).isNotEqualTo(id); // runLimit keeps its default
    assertThat(http.get("/status/" + id).code()).isEqualTo(200);
    assertThat(http.get("/status/" + id).code()).isEqualTo(429);
    assertThat(http.post("/cancel/" + id).code()).isEqualTo(200);
    assertThat(http.post("/cancel/" + id).code()).isEqualTo(429);
    assertThat(http.post("/runsync", BODY).code()).isEqualTo(200);
    assertThat(http.post("/runsync", BODY).code()).isEqualTo(429);
    // /purge-queue: RunPod's 2 per 10 s.
    assertThat(http.post("/purge-queue").code()).isEqualTo(200);
    assertThat(http.post("/purge-queue").code()).isEqualTo(200);
    assertThat(http.post("/purge-queue").code()).isEqualTo(429);
    clock.advance(Duration.ofSeconds(5));
    assertThat(http.post("/purge-queue").code()).isEqualTo(200);
  }

  @Test
  void payloadsOver10MiBOnRunAnd20MiBOnRunsyncAre413() throws Exception {
    sim = RunPodSimulator.builder().build().start();
    Http http = Http.of(sim, SCHNELL, A);
    String over10 = body(10 * 1024 * 1024 + 1);
    Http.Reply tooLarge = http.post("/run", over10);
    assertThat(tooLarge.code()).isEqualTo(413);
    assertThat((String) tooLarge.get("error")).contains("/run");
    assertThat(http.post("/runsync", over10).code()).isEqualTo(200);
    assertThat(http.post("/runsync", body(20 * 1024 * 1024 + 1)).code()).isEqualTo(413);
    assertThat(http.post("/run", body(10 * 1024 * 1024)).code()).isEqualTo(200);
    assertThat(sim.ledger().total()).isEqualTo(2);
  }

  /** A valid submission of exactly {@code bytes} bytes. */
  private static String body(int bytes) {
    String head = "{\"input\":{\"prompt\":\"p\",\"padding\":\"";
    String tail = "\"}}";
    return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
  }

  @Test
  void badBuilderArgumentsAreRefused() {
    assertThatThrownBy(() -> RunPodSimulator.builder().apiKeys()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RunPodSimulator.builder().apiKeys("a b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RunPodSimulator.builder().endpoints("a/b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RunPodSimulator.builder().workers(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RunPodSimulator.builder().runLimit(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RunPodSimulator.builder().retention(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RunPodSimulator.builder().latency(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    RunPodSimulator notStarted = RunPodSimulator.builder().build();
    assertThatThrownBy(notStarted::baseUrl).isInstanceOf(IllegalStateException.class);
    notStarted.close();
    assertThatThrownBy(notStarted::start).isInstanceOf(IllegalStateException.class);
  }
}
