package dev.pictor.testkit.replicate;

import dev.pictor.testkit.internal.Json;

import static dev.pictor.testkit.replicate.Http.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The prediction endpoints: the three creates, sync wait, lifecycle, outputs, list, cancel and deadlines. */
class ReplicatePredictionsTest {
  private static final String TOKEN = "r8_predictions_test_token_0001";
  private static final String SDXL = "bytedance/sdxl-lightning-4step:5599ed30703defd1d160a25a63321b4dec97101d98b4674bcc56e41f62f35637";

  private ReplicateSimulator sim;
  private Http http;

  private void start(ReplicateSimulator.Builder builder) {
    sim = builder.build().start();
    http = new Http(sim.baseUrl(), TOKEN);
  }

  @AfterEach
  void close() {
    if (sim != null) sim.close();
  }

  @Test
  void eachCreatePathAnswers202WithoutWaitAnd201WhenDoneWithinTheWait() throws Exception {
    start(ReplicateSimulator.builder());
    assertThat(sim.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+/v1");
    String[][] creates = {
        {"/models/black-forest-labs/flux-schnell/predictions", "{\"input\":{\"prompt\":\"a fox\"}}"},
        {"/predictions", "{\"version\":\"" + SDXL + "\",\"input\":{\"prompt\":\"a fox\"}}"},
        {"/deployments/acme/my-flux/predictions", "{\"input\":{\"prompt\":\"a fox\"}}"}};
    for (String[] create : creates) {
      Http.Reply async = http.post(create[0], create[1]);
      assertThat(async.code()).as(create[0]).isEqualTo(202);
      assertThat(async.json().get("status")).isEqualTo("starting");
      assertThat(async.headers().get("Location")).isEqualTo(sim.baseUrl() + "/predictions/" + async.json().get("id"));

      Http.Reply sync = http.post(create[0], create[1].replace("a fox", "a fox, again"), "Prefer", "wait");
      assertThat(sync.code()).as(create[0]).isEqualTo(201);
      assertThat(sync.json().get("status")).isEqualTo("succeeded");
      assertThat(sync.json().get("output")).isInstanceOf(List.class);
    }
    assertThat(sim.ledger().total()).isEqualTo(6);
    assertThat(sim.ledger().requests()).isEqualTo(6);
    assertThat(sim.ledger().byStatus()).containsOnlyKeys(201, 202);
    assertThat(sim.ledger().byEndpoint()).containsEntry("POST /v1/models/{owner}/{name}/predictions", 2)
        .containsEntry("POST /v1/predictions", 2).containsEntry("POST /v1/deployments/{owner}/{name}/predictions", 2);
  }

  @Test
  void aPredictionRunsToSucceededAndItsOutputDownloadsWithoutTheToken() throws Exception {
    start(ReplicateSimulator.builder().latency(Duration.ofMillis(50)));
    Map<String, Object> created = http.post("/models/black-forest-labs/flux-schnell/predictions",
        "{\"input\":{\"prompt\":\"a red cube\",\"num_outputs\":2,\"seed\":42,\"guidance\":3.50}}").json();
    assertThat(created).containsEntry("status", "starting").containsEntry("model", "black-forest-labs/flux-schnell")
        .containsEntry("version", "hidden").containsEntry("output", null).containsEntry("error", null)
        .containsEntry("started_at", null).containsEntry("completed_at", null);
    assertThat(Json.write(created.get("input"))).isEqualTo("{\"prompt\":\"a red cube\",\"num_outputs\":2,\"seed\":42,\"guidance\":3.50}");
    String id = (String) created.get("id");
    assertThat(id).matches("[a-z2-7]{26}");
    @SuppressWarnings("unchecked")
    Map<String, Object> urls = (Map<String, Object>) created.get("urls");
    assertThat(urls).containsEntry("get", sim.baseUrl() + "/predictions/" + id)
        .containsEntry("cancel", sim.baseUrl() + "/predictions/" + id + "/cancel").containsKey("web");

    Map<String, Object> done = http.pollUntil("/predictions/" + id, status("succeeded"));
    assertThat(Instant.parse((String) done.get("completed_at"))).isAfterOrEqualTo(Instant.parse((String) done.get("started_at")));
    assertThat(Json.write(done.get("metrics"))).contains("\"predict_time\":").contains("\"total_time\":");
    assertThat((String) done.get("logs")).contains("Using seed: 42");
    @SuppressWarnings("unchecked")
    List<String> output = (List<String>) done.get("output");
    assertThat(output).hasSize(2).allMatch(u -> u.startsWith(sim.deliveryBaseUrl() + "/"));

    byte[] png = Http.download(output.get(0));
    assertThat(png).isEqualTo(dev.pictor.testkit.TestImages.png(42, 64, 64));
    assertThat(Http.download(output.get(0))).isEqualTo(png);
    assertThat(sim.ledger().downloads()).isEqualTo(2);
    assertThat(sim.ledger().downloadsWithAuthorization()).isZero();

    Http.call(new okhttp3.Request.Builder().url(output.get(1)).header("Authorization", "Bearer " + TOKEN).build());
    assertThat(sim.ledger().downloadsWithAuthorization()).isEqualTo(1);
  }

  @Test
  void singleUrlModelsAnswerAStringAndTheOthersAnArray() throws Exception {
    start(ReplicateSimulator.builder());
    Object banana = http.post("/models/google/nano-banana/predictions", "{\"input\":{\"prompt\":\"x\"}}", "Prefer", "wait=5")
        .json().get("output");
    assertThat(banana).isInstanceOf(String.class);
    Object seedream = http.post("/models/bytedance/seedream-4/predictions", "{\"input\":{\"prompt\":\"x\"}}", "Prefer", "wait=5")
        .json().get("output");
    assertThat(seedream).isInstanceOf(List.class);
  }

  @Test
  void badCreatesAreRefusedWithProblemJsonAndNotCharged() throws Exception {
    start(ReplicateSimulator.builder());
    Http.Reply unknownKey = http.post("/models/black-forest-labs/flux-schnell/predictions",
        "{\"input\":{\"prompt\":\"x\"},\"webhook_completed\":\"https://example.com\"}");
    assertThat(unknownKey.code()).isEqualTo(422);
    assertThat(unknownKey.contentType()).isEqualTo("application/problem+json");
    assertThat(unknownKey.json()).containsEntry("status", new java.math.BigDecimal(422)).containsKey("title");
    assertThat((String) unknownKey.json().get("detail")).contains("webhook_completed");

    assertThat(http.post("/models/black-forest-labs/flux-schnell/predictions", "{}").code()).isEqualTo(422);
    assertThat(http.post("/models/black-forest-labs/flux-schnell/predictions", "not json").code()).isEqualTo(400);
    assertThat(http.post("/models/black-forest-labs/flux-schnell/predictions", "{\"input\":{}}", "Prefer", "wait=0").code())
        .isEqualTo(422);
    assertThat(http.post("/models/black-forest-labs/flux-schnell/predictions", "{\"input\":{}}", "Cancel-After", "4s").code())
        .isEqualTo(422);
    // A community model is not official: it needs a version.
    assertThat(http.post("/models/bytedance/sdxl-lightning-4step/predictions", "{\"input\":{}}").code()).isEqualTo(404);
    assertThat(http.post("/predictions", "{\"version\":\"bytedance/sdxl-lightning-4step\",\"input\":{}}").code()).isEqualTo(422);
    assertThat(http.post("/predictions", "{\"input\":{}}").code()).isEqualTo(422);
    assertThat(http.post("/models/nobody/nothing/predictions", "{\"input\":{}}").code()).isEqualTo(404);
    assertThat(sim.ledger().total()).isZero();
  }

  @Test
  void versionsResolveByNameAndIdAndBareLatestId() throws Exception {
    start(ReplicateSimulator.builder());
    Map<String, Object> model = http.get("/models/nightmareai/real-esrgan").json();
    String latest = (String) ((Map<?, ?>) model.get("latest_version")).get("id");
    assertThat(latest).matches("[0-9a-f]{64}");
    Map<String, Object> bare = http.post("/predictions", "{\"version\":\"" + latest + "\",\"input\":{\"image\":\"https://x/y.png\"}}",
        "Prefer", "wait").json();
    assertThat(bare).containsEntry("model", "nightmareai/real-esrgan").containsEntry("version", latest);
    assertThat(bare.get("output")).isInstanceOf(String.class);
    Map<String, Object> official = http.post("/predictions", "{\"version\":\"google/imagen-4\",\"input\":{\"prompt\":\"x\"}}").json();
    assertThat(official).containsEntry("model", "google/imagen-4").containsEntry("version", "hidden");
    assertThat(http.get("/models/nobody/nothing").code()).isEqualTo(404);
  }

  @Test
  void aSyncWaitThatRunsOutAnswers202WithTheUnfinishedPrediction() throws Exception {
    start(ReplicateSimulator.builder().latency(Duration.ofSeconds(3)));
    long t0 = System.nanoTime();
    Http.Reply reply = http.post("/models/black-forest-labs/flux-schnell/predictions", "{\"input\":{\"prompt\":\"x\"}}",
        "Prefer", "wait=1");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(900), Duration.ofMillis(2900));
    assertThat(reply.code()).isEqualTo(202);
    assertThat(reply.json().get("status")).isEqualTo("processing");
  }

  @Test
  void predictionsAreVisibleOnlyToTheirToken() throws Exception {
    start(ReplicateSimulator.builder());
    String id = (String) http.post("/models/black-forest-labs/flux-schnell/predictions", "{\"input\":{\"prompt\":\"x\"}}").json().get("id");
    Http other = http.as("r8_someone_else_entirely_0002");
    assertThat(other.get("/predictions/" + id).code()).isEqualTo(404);
    assertThat(other.post("/predictions/" + id + "/cancel", "").code()).isEqualTo(404);
    assertThat((List<?>) other.get("/predictions").json().get("results")).isEmpty();
    assertThat((List<?>) http.get("/predictions").json().get("results")).hasSize(1);
  }

  @Test
  void listPagesNewestFirstWithCursorsAndFiltersByCreationTime() throws Exception {
    Http.MutableClock clock = new Http.MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    start(ReplicateSimulator.builder().pageSize(3).clock(clock));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      ids.add((String) http.post("/models/black-forest-labs/flux-schnell/predictions", "{\"input\":{\"prompt\":\"p" + i + "\"}}")
          .json().get("id"));
      clock.advance(Duration.ofSeconds(1));
    }
    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String page2 = null;
    String next = sim.baseUrl() + "/predictions";
    while (next != null) {
      Map<String, Object> page = http.get(next).json();
      List<?> results = (List<?>) page.get("results");
      sizes.add(results.size());
      for (Object r : results) seen.add((String) ((Map<?, ?>) r).get("id"));
      if (sizes.size() == 2) page2 = next;
      next = (String) page.get("next");
      if (next != null) assertThat(next).startsWith(sim.baseUrl() + "/predictions?").contains("cursor=");
    }
    assertThat(sizes).containsExactly(3, 3, 1);
    List<String> newestFirst = new ArrayList<>(ids);
    java.util.Collections.reverse(newestFirst);
    assertThat(seen).isEqualTo(newestFirst);

    Map<String, Object> second = http.get(page2).json();
    Map<String, Object> first = http.get((String) second.get("previous")).json();
    assertThat(ids(first)).containsExactlyElementsOf(newestFirst.subList(0, 3));
    assertThat(first.get("previous")).isNull();

    // created_after is exclusive: predictions 4, 5 and 6 were created after prediction 3.
    Map<String, Object> recent = http.get("/predictions?created_after=2026-03-01T10:00:03Z").json();
    assertThat(ids(recent)).containsExactly(ids.get(6), ids.get(5), ids.get(4));
    assertThat(((Map<?, ?>) ((List<?>) recent.get("results")).get(0)).get("input")).isEqualTo(Map.of("prompt", "p6"));
    Map<String, Object> window = http.get("/predictions?created_after=2026-03-01T10:00:00Z&created_before=2026-03-01T10:00:02Z").json();
    assertThat(ids(window)).containsExactly(ids.get(1));
    assertThat(http.get("/predictions?created_after=yesterday").code()).isEqualTo(400);
    assertThat(http.get("/predictions?cursor=bogus").code()).isEqualTo(400);
  }

  private static List<String> ids(Map<String, Object> page) {
    List<String> ids = new ArrayList<>();
    for (Object r : (List<?>) page.get("results")) ids.add((String) ((Map<?, ?>) r).get("id"));
    return ids;
  }

  @Test
  void cancelEndsAQueuedAndARunningPredictionAndFreesTheWorker() throws Exception {
    start(ReplicateSimulator.builder().latency(Duration.ofSeconds(30)).workersPerToken(1));
    String running = (String) http.post("/models/black-forest-labs/flux-schnell/predictions", "{\"input\":{\"prompt\":\"a\"}}").json().get("id");
    String queued = (String) http.post("/models/black-forest-labs/flux-schnell/predictions", "{\"input\":{\"prompt\":\"b\"}}").json().get("id");
    String third = (String) http.post("/models/black-forest-labs/flux-schnell/predictions", "{\"input\":{\"prompt\":\"c\"}}").json().get("id");
    assertThat(http.get("/predictions/" + running).json().get("status")).isEqualTo("processing");
    assertThat(http.get("/predictions/" + queued).json().get("status")).isEqualTo("starting");

    Http.Reply canceledQueued = http.post("/predictions/" + queued + "/cancel", "");
    assertThat(canceledQueued.code()).isEqualTo(200);
    assertThat(canceledQueued.json()).containsEntry("status", "canceled").containsEntry("started_at", null);
    Http.Reply canceledRunning = http.post("/predictions/" + running + "/cancel", "");
    assertThat(canceledRunning.json().get("status")).isEqualTo("canceled");
    assertThat(canceledRunning.json().get("completed_at")).isNotNull();
    assertThat(http.get("/predictions/" + third).json().get("status")).isEqualTo("processing");
    // Canceling again changes nothing.
    assertThat(http.post("/predictions/" + running + "/cancel", "").json().get("status")).isEqualTo("canceled");
    assertThat(sim.ledger().total()).isEqualTo(3);
  }

  @Test
  void cancelAfterAbortsAQueuedPredictionAndCancelsARunningOne() throws Exception {
    start(ReplicateSimulator.builder().latency(Duration.ofSeconds(30)).workersPerToken(1).minimumCancelAfter(Duration.ofSeconds(1)));
    Map<String, Object> running = http.post("/models/black-forest-labs/flux-schnell/predictions", "{\"input\":{\"prompt\":\"a\"}}",
        "Cancel-After", "2s").json();
    Map<String, Object> queued = http.post("/models/black-forest-labs/flux-schnell/predictions", "{\"input\":{\"prompt\":\"b\"}}",
        "Cancel-After", "1").json();
    assertThat(Instant.parse((String) queued.get("deadline")))
        .isEqualTo(Instant.parse((String) queued.get("created_at")).plusSeconds(1));
    assertThat(http.pollUntil("/predictions/" + queued.get("id"), status("aborted", "canceled")).get("status")).isEqualTo("aborted");
    assertThat(http.pollUntil("/predictions/" + running.get("id"), status("aborted", "canceled")).get("status")).isEqualTo("canceled");
  }

  @Test
  void cancelAfterAcceptsReplicatesDurationForms() {
    Duration min = Duration.ofSeconds(5);
    assertThat(PredictionRoutes.cancelAfter("30", min)).isEqualTo(Duration.ofSeconds(30));
    assertThat(PredictionRoutes.cancelAfter("30s", min)).isEqualTo(Duration.ofSeconds(30));
    assertThat(PredictionRoutes.cancelAfter("5m", min)).isEqualTo(Duration.ofMinutes(5));
    assertThat(PredictionRoutes.cancelAfter("1h30m45s", min)).isEqualTo(Duration.ofSeconds(5445));
    for (String bad : new String[] {"", "4", "4s", "1d", "m", "5 m", "-10"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> PredictionRoutes.cancelAfter(bad, min))
          .as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(PredictionRoutes.waitSeconds("wait")).isEqualTo(60);
    assertThat(PredictionRoutes.waitSeconds("wait=7")).isEqualTo(7);
    for (String bad : new String[] {"wait=0", "wait=", "wait=100", "respond-async", "wait=05"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> PredictionRoutes.waitSeconds(bad))
          .as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aDuplicateIsTheSameInputChargedTwiceOnOneToken() throws Exception {
    start(ReplicateSimulator.builder());
    http.post("/models/black-forest-labs/flux-schnell/predictions", "{\"input\":{\"prompt\":\"same\",\"seed\":1}}");
    http.post("/models/black-forest-labs/flux-schnell/predictions", "{\"input\":{\"seed\":1,\"prompt\":\"same\"}}");
    http.as("r8_another_token_for_dups_0003").post("/models/black-forest-labs/flux-schnell/predictions",
        "{\"input\":{\"prompt\":\"same\",\"seed\":1}}");
    http.post("/models/black-forest-labs/flux-schnell/predictions", "{\"input\":{\"prompt\":\"same\",\"seed\":2}}");
    http.post("/models/black-forest-labs/flux-dev-unknown/predictions", "{\"input\":{\"prompt\":\"same\",\"seed\":1}}");
    assertThat(sim.ledger().total()).isEqualTo(4);
    assertThat(sim.ledger().charged(TOKEN)).isEqualTo(3);
    assertThat(sim.ledger().duplicates()).hasSize(1);
    assertThat(sim.ledger().duplicates().get(0)).contains("black-forest-labs/flux-schnell").contains("\"prompt\":\"same\"")
        .doesNotContain(TOKEN);
  }

  @Test
  void maxWaitCutsTheSyncWaitShortSoASlowPredictionIsPolled() throws Exception {
    start(ReplicateSimulator.builder().latency(java.time.Duration.ofSeconds(5)).maxWait(java.time.Duration.ofMillis(50)));
    Http.Reply held = http.post("/models/black-forest-labs/flux-schnell/predictions", "{\"input\":{\"prompt\":\"a fox\"}}",
        "Prefer", "wait=60");
    assertThat(held.code()).isEqualTo(202);
    assertThat(held.json().get("status")).isIn("starting", "processing");
    assertThat(http.get("/predictions/" + held.json().get("id")).json().get("status")).isIn("starting", "processing");
  }

  @Test
  void downloadRateServesTheSameBytesSlowly() throws Exception {
    start(ReplicateSimulator.builder().downloadRate(1000));
    Http.Reply done = http.post("/models/black-forest-labs/flux-schnell/predictions", "{\"input\":{\"prompt\":\"a fox\",\"seed\":7}}",
        "Prefer", "wait");
    String url = ((List<?>) done.json().get("output")).get(0).toString();
    long start = System.nanoTime();
    Http.Reply file = http.get(url);
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(file.code()).isEqualTo(200);
    assertThat(file.body().length()).isGreaterThan(200);
    // A lower bound only: 1,000 bytes a second in tenths cannot deliver 200+ bytes in under 100 ms.
    assertThat(tookMs).isGreaterThanOrEqualTo(100);
  }
}
