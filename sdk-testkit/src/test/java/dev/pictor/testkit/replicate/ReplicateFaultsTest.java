package dev.pictor.testkit.replicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each injected fault, observed the way a client sees it, and what the ledger charged for it. */
class ReplicateFaultsTest {
  private static final String TOKEN = "r8_faults_test_token_00000001";
  private static final String CREATE = "/models/black-forest-labs/flux-schnell/predictions";
  private ReplicateSimulator sim;
  private Http http;

  private void start(ReplicateSimulator.Faults faults) {
    sim = ReplicateSimulator.builder().faults(faults).build().start();
    http = new Http(sim.baseUrl(), TOKEN);
  }

  @AfterEach
  void close() {
    if (sim != null) sim.close();
  }

  @Test
  void serverErrorsAre502HtmlOr503BeforeAnythingIsCharged() throws Exception {
    start(ReplicateSimulator.Faults.builder().serverErrors(1.0).seed(7).build());
    Set<Integer> codes = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      Http.Reply reply = http.post(CREATE, "{\"input\":{\"prompt\":\"" + i + "\"}}");
      codes.add(reply.code());
      if (reply.code() == 502) {
        assertThat(reply.contentType()).isEqualTo("text/html");
        assertThat(reply.body()).isEqualTo("<html>Bad gateway</html>");
      } else {
        assertThat(reply.contentType()).isEqualTo("application/problem+json");
      }
    }
    assertThat(codes).containsExactlyInAnyOrder(502, 503);
    assertThat(http.get("/predictions").code()).isIn(502, 503);
    assertThat(sim.ledger().total()).isZero();
    assertThat(sim.ledger().faults()).containsEntry("serverErrors", 13);
  }

  @Test
  void aResetBeforeTheAnswerClosesTheSocketAndChargesNothing() throws Exception {
    start(ReplicateSimulator.Faults.builder().resetsBeforeAnswer(1.0).build());
    assertThatThrownBy(() -> http.post(CREATE, "{\"input\":{\"prompt\":\"x\"}}")).isInstanceOf(IOException.class);
    assertThat(sim.ledger().total()).isZero();
    assertThat((List<?>) http.get("/predictions").json().get("results")).isEmpty();
  }

  @Test
  void aDropAfterChargeCreatesAndChargesThePredictionButNeverAnswers() throws Exception {
    start(ReplicateSimulator.Faults.builder().dropAfterCharge(1.0).build());
    assertThatThrownBy(() -> http.post(CREATE, "{\"input\":{\"prompt\":\"ambiguous\"}}")).isInstanceOf(IOException.class);
    assertThat(sim.ledger().total()).isEqualTo(1);
    assertThat(sim.ledger().faults()).containsEntry("dropAfterCharge", 1);
    // The client reconciles by listing and matching its input.
    List<?> results = (List<?>) http.get("/predictions").json().get("results");
    assertThat(results).hasSize(1);
    assertThat(((Map<?, ?>) results.get(0)).get("input")).isEqualTo(Map.of("prompt", "ambiguous"));
    // Resending instead is exactly what the ledger reports.
    assertThatThrownBy(() -> http.post(CREATE, "{\"input\":{\"prompt\":\"ambiguous\"}}")).isInstanceOf(IOException.class);
    assertThat(sim.ledger().duplicates()).hasSize(1);
  }

  @Test
  void failingPredictionsEndFailedWithAnErrorAndAreCharged() throws Exception {
    start(ReplicateSimulator.Faults.builder().failingPredictions(1.0).build());
    Http.Reply reply = http.post(CREATE, "{\"input\":{\"prompt\":\"x\"}}", "Prefer", "wait");
    assertThat(reply.code()).isEqualTo(201);
    assertThat(reply.json()).containsEntry("status", "failed").containsEntry("output", null);
    assertThat((String) reply.json().get("error")).isNotBlank();
    assertThat(sim.ledger().total()).isEqualTo(1);
  }

  @Test
  void slowAnswersHoldBackTheHeaders() throws Exception {
    start(ReplicateSimulator.Faults.builder().slowAnswers(1.0, Duration.ofMillis(400)).build());
    long t0 = System.nanoTime();
    assertThat(http.post(CREATE, "{\"input\":{\"prompt\":\"x\"}}").code()).isEqualTo(202);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    assertThat(sim.ledger().faults()).containsEntry("slowAnswers", 1);
  }

  @Test
  void malformedJsonIsA200WithATruncatedBodyOnReadsOnly() throws Exception {
    start(ReplicateSimulator.Faults.builder().malformedJson(1.0).build());
    Http.Reply created = http.post(CREATE, "{\"input\":{\"prompt\":\"x\"}}");
    assertThat(created.code()).isEqualTo(202);
    String id = (String) created.json().get("id");
    Http.Reply read = http.get("/predictions/" + id);
    assertThat(read.code()).isEqualTo(200);
    assertThat(read.contentType()).isEqualTo("application/json");
    assertThat(read.body()).startsWith("{\"id\":\"" + id);
    assertThatThrownBy(read::json).isInstanceOf(IllegalArgumentException.class);
    assertThat(sim.ledger().faults()).containsEntry("malformedJson", 1);
  }

  @Test
  void theSameSeedInjectsTheSameFaults() throws Exception {
    ReplicateSimulator.Faults faults = ReplicateSimulator.Faults.builder().serverErrors(0.5).seed(42).build();
    List<Integer> first = codes(faults);
    sim.close();
    assertThat(codes(faults)).isEqualTo(first).contains(202).containsAnyOf(502, 503);
  }

  private List<Integer> codes(ReplicateSimulator.Faults faults) throws IOException {
    start(faults);
    List<Integer> codes = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) codes.add(http.post(CREATE, "{\"input\":{\"prompt\":\"" + i + "\"}}").code());
    return codes;
  }

  @Test
  void badProbabilitiesAreRefused() {
    assertThatThrownBy(() -> ReplicateSimulator.Faults.builder().serverErrors(1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serverErrors");
    assertThatThrownBy(() -> ReplicateSimulator.Faults.builder().malformedJson(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }
}
