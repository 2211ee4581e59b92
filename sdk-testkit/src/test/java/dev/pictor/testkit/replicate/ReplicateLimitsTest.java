package dev.pictor.testkit.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Authentication and per-token rate limits. */
class ReplicateLimitsTest {
  private static final String A = "r8_limits_token_a_0000000001";
  private static final String B = "r8_limits_token_b_0000000002";
  private static final String CREATE = "/models/black-forest-labs/flux-schnell/predictions";
  private ReplicateSimulator sim;

  @AfterEach
  void close() {
    if (sim != null) sim.close();
  }

  @Test
  void unknownMissingAndRevokedTokensGet401ProblemJson() throws Exception {
    sim = ReplicateSimulator.builder().tokens(A, B).build().start();
    Http.Reply unknown = new Http(sim.baseUrl(), "r8_not_a_known_token_000003").post(CREATE, "{\"input\":{}}");
    assertThat(unknown.code()).isEqualTo(401);
    assertThat(unknown.contentType()).isEqualTo("application/problem+json");
    assertThat(unknown.json()).containsKeys("title", "detail").containsEntry("status", new java.math.BigDecimal(401));
    assertThat(new Http(sim.baseUrl(), null).get("/predictions").code()).isEqualTo(401);
    assertThat(new Http(sim.baseUrl(), A).post(CREATE, "{\"input\":{}}").code()).isEqualTo(202);

    sim.revoke(A);
    assertThat(new Http(sim.baseUrl(), A).get("/predictions").code()).isEqualTo(401);
    assertThat(new Http(sim.baseUrl(), B).get("/predictions").code()).isEqualTo(200);
    assertThat(sim.ledger().total()).isEqualTo(1);
    assertThat(sim.ledger().byStatus()).containsEntry(401, 3);
  }

  @Test
  void createsOverTheLimitGet429WithReplicatesBodyAndNoRetryAfter() throws Exception {
    Http.MutableClock clock = new Http.MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    sim = ReplicateSimulator.builder().createLimit(1, 2).clock(clock).build().start();
    Http http = new Http(sim.baseUrl(), A);
    assertThat(http.post(CREATE, "{\"input\":{\"prompt\":\"1\"}}").code()).isEqualTo(202);
    assertThat(http.post(CREATE, "{\"input\":{\"prompt\":\"2\"}}").code()).isEqualTo(202);
    Http.Reply throttled = http.post(CREATE, "{\"input\":{\"prompt\":\"3\"}}");
    assertThat(throttled.code()).isEqualTo(429);
    assertThat(throttled.body()).isEqualTo("{\"detail\":\"Request was throttled. Your rate limit resets in ~1s.\"}");
    assertThat(throttled.headers().get("Retry-After")).isNull();
    // Limits are per token and per kind: reads and other tokens still pass.
    assertThat(http.get("/predictions").code()).isEqualTo(200);
    assertThat(http.as(B).post(CREATE, "{\"input\":{\"prompt\":\"3\"}}").code()).isEqualTo(202);
    clock.advance(Duration.ofSeconds(1));
    assertThat(http.post(CREATE, "{\"input\":{\"prompt\":\"3\"}}").code()).isEqualTo(202);
    assertThat(sim.ledger().total()).isEqualTo(4);
  }

  @Test
  void lowCreditAllowsOneRequestASecondAndSixAMinute() throws Exception {
    Http.MutableClock clock = new Http.MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    sim = ReplicateSimulator.builder().lowCredit(true).clock(clock).build().start();
    Http http = new Http(sim.baseUrl(), A);
    assertThat(http.post(CREATE, "{\"input\":{\"prompt\":\"0\"}}").code()).isEqualTo(202);
    assertThat(http.get("/predictions").code()).isEqualTo(429);
    for (int i = 1; i < 6; i++) {
      clock.advance(Duration.ofSeconds(1));
      assertThat(http.get("/predictions").code()).as("request " + i).isEqualTo(200);
    }
    clock.advance(Duration.ofSeconds(1));
    Http.Reply seventh = http.get("/predictions");
    assertThat(seventh.code()).isEqualTo(429);
    assertThat(seventh.body()).contains("resets in ~4s.");
  }
}
