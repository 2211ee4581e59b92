package dev.pictor.testkit.runpod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each injected fault, observed the way a client sees it, and what the ledger charged for it. */
class RunPodFaultsTest {
  private static final String KEY = "rpa_faults_test_key_00000001";
  private static final String BODY = "{\"input\":{\"prompt\":\"x\"}}";
  private RunPodSimulator sim;
  private Http http;

  private void start(RunPodSimulator.Faults faults) {
    sim = RunPodSimulator.builder().faults(faults).build().start();
    http = Http.of(sim, RunPodSimulator.FLUX_SCHNELL, KEY);
  }

  @AfterEach
  void close() {
    if (sim != null) sim.close();
  }

  @Test
  void serverErrorsAre502HtmlOr503BeforeAnythingIsCharged() throws Exception {
    start(RunPodSimulator.Faults.builder().serverErrors(1.0).seed(7).build());
    Set<Integer> codes = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      Http.Reply reply = http.post(i % 2 == 0 ? "/run" : "/runsync", "{\"input\":{\"prompt\":\"" + i + "\"}}");
      codes.add(reply.code());
      if (reply.code() == 502) {
        assertThat(reply.contentType()).isEqualTo("text/html");
      } else {
        assertThat(reply.json()).containsKey("error");
      }
    }
    assertThat(codes).containsExactlyInAnyOrder(502, 503);
    assertThat(http.get("/health").code()).isIn(502, 503);
    assertThat(http.get("/status/some-id").code()).isIn(502, 503);
    assertThat(sim.ledger().total()).isZero();
    assertThat(sim.ledger().faults()).containsEntry("serverErrors", 14);
  }

  @Test
  void aResetBeforeTheAnswerClosesTheSocketAndChargesNothing() throws Exception {
    start(RunPodSimulator.Faults.builder().resetsBeforeAnswer(1.0).build());
    assertThatThrownBy(() -> http.post("/run", BODY)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> http.post("/runsync", BODY)).isInstanceOf(IOException.class);
    assertThat(sim.ledger().total()).isZero();
    assertThat(sim.ledger().faults()).containsEntry("resetsBeforeAnswer", 2);
    assertThat(((Map<?, ?>) http.get("/health").get("jobs")).get("completed")).isEqualTo(BigDecimal.ZERO);
  }

  @Test
  void aDropAfterChargeCreatesAndChargesTheJobButNeverAnswers() throws Exception {
    start(RunPodSimulator.Faults.builder().dropAfterCharge(1.0).build());
    assertThatThrownBy(() -> http.post("/run", BODY)).isInstanceOf(IOException.class);
    assertThat(sim.ledger().total()).isEqualTo(1);
    assertThat(sim.ledger().faults()).containsEntry("dropAfterCharge", 1);
    // The job exists and runs; the client just never learned its id.
    assertThat(((Map<?, ?>) http.get("/health").get("jobs")).get("completed")).isEqualTo(BigDecimal.ONE);
    // Resending the same input is what the ledger reports as a duplicate.
    assertThatThrownBy(() -> http.post("/runsync", BODY)).isInstanceOf(IOException.class);
    assertThat(sim.ledger().total()).isEqualTo(2);
    assertThat(sim.ledger().duplicates()).hasSize(1);
    assertThat(sim.ledger().duplicates().get(0)).contains("charged 2x").contains(RunPodSimulator.FLUX_SCHNELL)
        .contains("{\"prompt\":\"x\"}").doesNotContain(KEY);
  }

  @Test
  void duplicatesCountTheSameKeyEndpointAndInputJsonWithKeysInAnyOrder() throws Exception {
    start(RunPodSimulator.Faults.none());
    http.run("{\"prompt\":\"fox\",\"seed\":1}");
    http.run("{\"seed\":1,\"prompt\":\"fox\"}");
    http.run("{\"prompt\":\"fox\",\"seed\":2}");
    http.as("rpa_another_key_0000000000002").run("{\"prompt\":\"fox\",\"seed\":1}");
    Http.of(sim, RunPodSimulator.FLUX_DEV, KEY).run("{\"prompt\":\"fox\",\"seed\":1}");
    assertThat(sim.ledger().total()).isEqualTo(5);
    assertThat(sim.ledger().duplicates()).hasSize(1);
  }

  @Test
  void failingJobsEndFailedWithAnErrorAndAreCharged() throws Exception {
    start(RunPodSimulator.Faults.builder().failingJobs(1.0).build());
    Http.Reply reply = http.post("/runsync", BODY);
    assertThat(reply.code()).isEqualTo(200);
    assertThat(reply.json()).containsEntry("status", "FAILED").doesNotContainKey("output");
    assertThat((String) reply.get("error")).isNotBlank();
    String id = http.run("{\"prompt\":\"y\"}");
    assertThat(http.pollUntil(id, "FAILED")).containsKey("error");
    assertThat(sim.ledger().total()).isEqualTo(2);
    assertThat(sim.ledger().completed()).isZero();
    assertThat(sim.ledger().faults()).containsEntry("failingJobs", 2);
  }

  @Test
  void timedOutJobsEndTimedOutWithoutOutput() throws Exception {
    start(RunPodSimulator.Faults.builder().timedOutJobs(1.0).build());
    Http.Reply reply = http.post("/runsync", BODY);
    assertThat(reply.code()).isEqualTo(200);
    assertThat(reply.json()).containsEntry("status", "TIMED_OUT").doesNotContainKeys("output", "error");
    assertThat(http.post("/retry/" + reply.get("id")).get("status")).isEqualTo("IN_QUEUE");
    assertThat(sim.ledger().faults()).containsEntry("timedOutJobs", 2); // drawn again for the retry
  }

  @Test
  void slowAnswersHoldBackTheHeaders() throws Exception {
    start(RunPodSimulator.Faults.builder().slowAnswers(1.0, Duration.ofMillis(300)).build());
    long t0 = System.nanoTime();
    assertThat(http.post("/run", BODY).code()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(sim.ledger().faults()).containsEntry("slowAnswers", 1);
  }

  @Test
  void malformedJsonIsA200WithATruncatedBodyOnReadsOnly() throws Exception {
    start(RunPodSimulator.Faults.builder().malformedJson(1.0).build());
    Http.Reply created = http.post("/run", BODY);
    assertThat(created.code()).isEqualTo(200);
    String id = (String) created.get("id");
    Http.Reply read = http.get("/status/" + id);
    assertThat(read.code()).isEqualTo(200);
    assertThat(read.contentType()).isEqualTo("application/json");
    assertThat(read.body()).startsWith("{\"id\":\"" + id);
    assertThatThrownBy(read::json).isInstanceOf(IllegalArgumentException.class);
    assertThat(sim.ledger().faults()).containsEntry("malformedJson", 1);
  }

  @Test
  void theSameSeedInjectsTheSameFaults() throws Exception {
    RunPodSimulator.Faults faults = RunPodSimulator.Faults.builder().serverErrors(0.5).seed(42).build();
    List<Integer> first = codes(faults);
    sim.close();
    assertThat(codes(faults)).isEqualTo(first).contains(200).containsAnyOf(502, 503);
  }

  private List<Integer> codes(RunPodSimulator.Faults faults) throws IOException {
    start(faults);
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < 10; i++) codes.add(http.post("/run", "{\"input\":{\"prompt\":\"" + i + "\"}}").code());
    return codes;
  }

  @Test
  void badProbabilitiesAreRefused() {
    assertThatThrownBy(() -> RunPodSimulator.Faults.builder().serverErrors(1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serverErrors");
    assertThatThrownBy(() -> RunPodSimulator.Faults.builder().timedOutJobs(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RunPodSimulator.Faults.builder().slowAnswers(0.5, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
