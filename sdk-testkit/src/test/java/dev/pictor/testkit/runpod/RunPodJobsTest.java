package dev.pictor.testkit.runpod;

import dev.pictor.testkit.internal.Json;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The job operations: run, runsync, status, cancel, retry, purge-queue, health; timeouts, ttl and retention. */
class RunPodJobsTest {
  private static final String KEY = "rpa_jobs_test_key_000000000001";
  private static final String SCHNELL = RunPodSimulator.FLUX_SCHNELL;
  private static final String PROMPT = "{\"prompt\":\"a red fox\"}";

  private final Http.MutableClock clock = new Http.MutableClock();
  private RunPodSimulator sim;
  private Http http;

  private void start(RunPodSimulator.Builder builder) {
    sim = builder.build().start();
    http = Http.of(sim, SCHNELL, KEY);
  }

  @AfterEach
  void close() {
    if (sim != null) sim.close();
  }

  static long num(Object value) {
    return ((BigDecimal) value).longValueExact();
  }

  @Test
  void runQueuesFifoAndStatusShowsDelayAndExecutionTimeInClockTime() throws Exception {
    start(RunPodSimulator.builder().clock(clock).workers(1).latency(Duration.ofSeconds(1)));
    assertThat(sim.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+/v2");
    Http.Reply first = http.post("/run", "{\"input\":{\"prompt\":\"first\"}}");
    assertThat(first.code()).isEqualTo(200);
    assertThat(first.json()).containsOnlyKeys("id", "status").containsEntry("status", "IN_QUEUE");
    String a = (String) first.get("id");
    assertThat(a).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-u1");
    String b = http.run("{\"prompt\":\"second\"}");

    Map<String, Object> running = http.status(a);
    assertThat(running).containsEntry("id", a).containsEntry("status", "IN_PROGRESS").containsKeys("delayTime", "workerId")
        .doesNotContainKeys("executionTime", "output", "error");
    assertThat(num(running.get("delayTime"))).isZero();
    assertThat(http.status(b)).containsOnlyKeys("id", "status").containsEntry("status", "IN_QUEUE");

    clock.advance(Duration.ofSeconds(1));
    Map<String, Object> done = http.status(a);
    assertThat(done).containsEntry("status", "COMPLETED").containsEntry("workerId", running.get("workerId"));
    assertThat(num(done.get("delayTime"))).isZero();
    assertThat(num(done.get("executionTime"))).isEqualTo(1000);
    @SuppressWarnings("unchecked")
    Map<String, Object> output = (Map<String, Object>) done.get("output");
    assertThat(output).containsOnlyKeys("image_url", "cost");
    assertThat((String) output.get("image_url")).startsWith(sim.deliveryBaseUrl() + "/");
    Map<String, Object> second = http.status(b);
    assertThat(second).containsEntry("status", "IN_PROGRESS");
    assertThat(num(second.get("delayTime"))).isEqualTo(1000);

    clock.advance(Duration.ofSeconds(1));
    Map<String, Object> secondDone = http.status(b);
    assertThat(secondDone).containsEntry("status", "COMPLETED");
    assertThat(num(secondDone.get("delayTime"))).isEqualTo(1000);
    assertThat(num(secondDone.get("executionTime"))).isEqualTo(1000);

    assertThat(sim.ledger().total()).isEqualTo(2);
    assertThat(sim.ledger().completed()).isEqualTo(2);
    assertThat(sim.ledger().chargedByEndpoint()).isEqualTo(Map.of(SCHNELL, 2));
    assertThat(sim.ledger().byEndpoint()).containsEntry("POST /v2/{endpoint}/run", 2)
        .containsEntry("GET /v2/{endpoint}/status/{id}", 5);
  }

  @Test
  void runsyncAnswersTheFinishedJobWithinTheWait() throws Exception {
    start(RunPodSimulator.builder().latency(Duration.ofMillis(50)));
    long t0 = System.nanoTime();
    Http.Reply reply = http.post("/runsync?wait=5000", "{\"input\":" + PROMPT + "}");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    assertThat(reply.code()).isEqualTo(200);
    Map<String, Object> json = reply.json();
    assertThat(json).containsEntry("status", "COMPLETED").containsKeys("delayTime", "executionTime", "output", "workerId");
    assertThat((String) json.get("id")).startsWith("sync-");
    assertThat(num(json.get("executionTime"))).isBetween(40L, 3000L);
    // The result stays readable through /status, and the default wait works as well.
    assertThat(http.status((String) json.get("id"))).containsEntry("status", "COMPLETED");
    assertThat(http.post("/runsync", "{\"input\":{\"prompt\":\"default wait\"}}").get("status")).isEqualTo("COMPLETED");
    assertThat(sim.ledger().byEndpoint()).containsEntry("POST /v2/{endpoint}/runsync", 2);
  }

  @Test
  void runsyncAnswersTheUnfinishedJobWhenTheWaitPasses() throws Exception {
    start(RunPodSimulator.builder().clock(clock).latency(Duration.ofSeconds(10)));
    long t0 = System.nanoTime();
    Http.Reply reply = http.post("/runsync?wait=1000", "{\"input\":" + PROMPT + "}");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
    assertThat(reply.code()).isEqualTo(200);
    assertThat(reply.json()).containsEntry("status", "IN_PROGRESS").doesNotContainKey("output");
    String id = (String) reply.get("id");
    clock.advance(Duration.ofSeconds(10));
    assertThat(http.status(id)).containsEntry("status", "COMPLETED");
  }

  @Test
  void aWaitOutsideOneSecondToFiveMinutesIs400AndChargesNothing() throws Exception {
    start(RunPodSimulator.builder());
    for (String wait : new String[] {"999", "300001", "abc", "-5", "1000.5"}) {
      Http.Reply reply = http.post("/runsync?wait=" + wait, "{\"input\":" + PROMPT + "}");
      assertThat(reply.code()).as(wait).isEqualTo(400);
      assertThat((String) reply.get("error")).contains("wait");
    }
    assertThat(http.post("/runsync?wait=1000", "{\"input\":" + PROMPT + "}").code()).isEqualTo(200);
    assertThat(http.post("/runsync?wait=300000", "{\"input\":{\"prompt\":\"max\"}}").code()).isEqualTo(200);
    assertThat(sim.ledger().total()).isEqualTo(2);
  }

  @Test
  void badBodiesAndPoliciesOutOfRangeAre400AndChargeNothing() throws Exception {
    start(RunPodSimulator.builder());
    String[] bodies = {
        "not json", "[]", "{}", "{\"input\":\"x\"}", "{\"input\":{},\"webhook\":\"ftp://x\"}",
        "{\"input\":{},\"s3Config\":\"x\"}", "{\"input\":{},\"policy\":1}",
        "{\"input\":{},\"policy\":{\"executionTimeout\":4999}}",
        "{\"input\":{},\"policy\":{\"executionTimeout\":604800001}}",
        "{\"input\":{},\"policy\":{\"executionTimeout\":\"600000\"}}",
        "{\"input\":{},\"policy\":{\"ttl\":9999}}", "{\"input\":{},\"policy\":{\"ttl\":604800001}}",
        "{\"input\":{},\"policy\":{\"ttl\":10000.5}}", "{\"input\":{},\"policy\":{\"lowPriority\":\"no\"}}"};
    for (String body : bodies) {
      Http.Reply reply = http.post("/run", body);
      assertThat(reply.code()).as(body).isEqualTo(400);
      assertThat(reply.json()).as(body).containsKey("error");
    }
    assertThat(sim.ledger().total()).isZero();
    String ok = "{\"input\":" + PROMPT + ",\"policy\":{\"executionTimeout\":5000,\"ttl\":604800000,\"lowPriority\":true},"
        + "\"s3Config\":{\"accessId\":\"a\",\"accessSecret\":\"s\",\"bucketName\":\"b\",\"endpointUrl\":\"https://s3.example\"}}";
    assertThat(http.post("/run", ok).code()).isEqualTo(200);
  }

  @Test
  void cancelEndsQueuedAndRunningJobsAndLeavesFinishedOnes() throws Exception {
    start(RunPodSimulator.builder().clock(clock).workers(1).latency(Duration.ofSeconds(10)));
    String running = http.run("{\"prompt\":\"1\"}");
    String queued = http.run("{\"prompt\":\"2\"}");
    String next = http.run("{\"prompt\":\"3\"}");
    clock.advance(Duration.ofSeconds(2));

    Http.Reply cancelled = http.post("/cancel/" + queued);
    assertThat(cancelled.code()).isEqualTo(200);
    assertThat(cancelled.json()).isEqualTo(Map.of("id", queued, "status", "CANCELLED"));
    Map<String, Object> q = http.status(queued);
    assertThat(q).containsEntry("status", "CANCELLED").doesNotContainKeys("output", "workerId");
    assertThat(num(q.get("delayTime"))).isEqualTo(2000);
    assertThat(num(q.get("executionTime"))).isZero();

    assertThat(http.post("/cancel/" + running).get("status")).isEqualTo("CANCELLED");
    Map<String, Object> r = http.status(running);
    assertThat(r).containsEntry("status", "CANCELLED").doesNotContainKey("output");
    assertThat(num(r.get("executionTime"))).isEqualTo(2000);
    // The freed worker takes the next job at once.
    assertThat(http.status(next)).containsEntry("status", "IN_PROGRESS");
    clock.advance(Duration.ofSeconds(10));
    assertThat(http.status(next)).containsEntry("status", "COMPLETED");
    assertThat(http.post("/cancel/" + next).json()).containsEntry("status", "COMPLETED");
    assertThat(http.post("/cancel/00000000-0000-0000-0000-000000000000-u1").code()).isEqualTo(404);
    assertThat(sim.ledger().total()).isEqualTo(3);
  }

  @Test
  void retryRequeuesAFailedJobWithTheSameIdAndClearsItsError() throws Exception {
    start(RunPodSimulator.builder().faults(RunPodSimulator.Faults.builder().failingJobs(0.5).seed(failThenSucceed()).build()));
    String id = http.run(PROMPT);
    Map<String, Object> failed = http.pollUntil(id, "FAILED");
    assertThat((String) failed.get("error")).contains("failingJobs");
    assertThat(failed).doesNotContainKey("output");

    Http.Reply retried = http.post("/retry/" + id);
    assertThat(retried.code()).isEqualTo(200);
    assertThat(retried.json()).isEqualTo(Map.of("id", id, "status", "IN_QUEUE"));
    Map<String, Object> done = http.pollUntil(id, "COMPLETED");
    assertThat(done).containsKey("output").doesNotContainKey("error");

    assertThat(http.post("/retry/" + id).code()).isEqualTo(400); // only FAILED or TIMED_OUT
    assertThat(http.post("/retry/no-such-job").code()).isEqualTo(404);
    assertThat(sim.ledger().retries()).isEqualTo(1);
    assertThat(sim.ledger().total()).isEqualTo(2);
    assertThat(sim.ledger().duplicates()).isEmpty();
    assertThat(num(((Map<?, ?>) http.get("/health").get("jobs")).get("retried"))).isEqualTo(1);
  }

  /** A seed whose first draw fails a job at p = 0.5 and whose second does not. */
  private static long failThenSucceed() {
    for (long seed = 0; ; seed++) {
      Random r = new Random(seed);
      if (r.nextDouble() < 0.5 && r.nextDouble() >= 0.5) return seed;
    }
  }

  @Test
  void purgeQueueCancelsQueuedJobsAndLeavesRunningOnes() throws Exception {
    start(RunPodSimulator.builder().clock(clock).workers(1).latency(Duration.ofSeconds(10)));
    String running = http.run("{\"prompt\":\"1\"}");
    String b = http.run("{\"prompt\":\"2\"}");
    String c = http.run("{\"prompt\":\"3\"}");
    Http.Reply purged = http.post("/purge-queue");
    assertThat(purged.code()).isEqualTo(200);
    assertThat(purged.json()).isEqualTo(Map.of("removed", new BigDecimal(2), "status", "completed"));
    assertThat(http.status(b)).containsEntry("status", "CANCELLED");
    assertThat(http.status(c)).containsEntry("status", "CANCELLED");
    assertThat(http.status(running)).containsEntry("status", "IN_PROGRESS");
    assertThat(http.post("/purge-queue").get("removed")).isEqualTo(BigDecimal.ZERO);
    clock.advance(Duration.ofSeconds(10));
    assertThat(http.status(running)).containsEntry("status", "COMPLETED");
  }

  @Test
  void healthCountsJobsAndWorkersOfTheEndpoint() throws Exception {
    start(RunPodSimulator.builder().clock(clock).workers(2).latency(Duration.ofSeconds(1)));
    assertThat(http.get("/health").body()).isEqualTo("{\"jobs\":{\"completed\":0,\"failed\":0,\"inProgress\":0,\"inQueue\":0,"
        + "\"retried\":0},\"workers\":{\"idle\":2,\"initializing\":0,\"ready\":2,\"running\":0,\"throttled\":0}}");
    for (int i = 0; i < 3; i++) http.run("{\"prompt\":\"" + i + "\"}");
    http.run("{\"no_prompt\":true}"); // invalid: fails as soon as a worker takes it
    assertThat(http.get("/health").json()).isEqualTo(Json.parse("{\"jobs\":{\"completed\":0,\"failed\":0,\"inProgress\":2,"
        + "\"inQueue\":2,\"retried\":0},\"workers\":{\"idle\":0,\"initializing\":0,\"ready\":0,\"running\":2,\"throttled\":0}}"));
    clock.advance(Duration.ofSeconds(1)); // two complete; the third starts and the invalid one fails at once
    assertThat(http.get("/health").json()).isEqualTo(Json.parse("{\"jobs\":{\"completed\":2,\"failed\":1,\"inProgress\":1,"
        + "\"inQueue\":0,\"retried\":0},\"workers\":{\"idle\":1,\"initializing\":0,\"ready\":1,\"running\":1,\"throttled\":0}}"));
    // Other endpoints and other keys have their own queues.
    assertThat(Http.of(sim, RunPodSimulator.FLUX_DEV, KEY).get("/health").json().get("jobs"))
        .isEqualTo(Json.parse("{\"completed\":0,\"failed\":0,\"inProgress\":0,\"inQueue\":0,\"retried\":0}"));
  }

  @Test
  void aJobRunningPastItsExecutionTimeoutEndsTimedOutAndCanBeRetried() throws Exception {
    start(RunPodSimulator.builder().clock(clock).latency(Duration.ofSeconds(10)));
    String id = (String) http.post("/run", "{\"input\":" + PROMPT + ",\"policy\":{\"executionTimeout\":5000}}").get("id");
    clock.advance(Duration.ofSeconds(4));
    assertThat(http.status(id)).containsEntry("status", "IN_PROGRESS");
    clock.advance(Duration.ofSeconds(2));
    Map<String, Object> timedOut = http.status(id);
    assertThat(timedOut).containsEntry("status", "TIMED_OUT").doesNotContainKey("output");
    assertThat(num(timedOut.get("executionTime"))).isEqualTo(5000);
    assertThat(http.post("/retry/" + id).get("status")).isEqualTo("IN_QUEUE");
    assertThat(http.status(id)).containsEntry("status", "IN_PROGRESS");
    assertThat(num(((Map<?, ?>) http.get("/health").get("jobs")).get("failed"))).isEqualTo(1);
  }

  @Test
  void aJobPastItsTtlIsDeletedEvenWhileRunning() throws Exception {
    start(RunPodSimulator.builder().clock(clock).workers(1).latency(Duration.ofHours(1)));
    String running = (String) http.post("/run", "{\"input\":{\"prompt\":\"1\"},\"policy\":{\"ttl\":10000}}").get("id");
    String queued = (String) http.post("/run", "{\"input\":{\"prompt\":\"2\"},\"policy\":{\"ttl\":20000}}").get("id");
    clock.advance(Duration.ofMillis(9999));
    assertThat(http.status(running)).containsEntry("status", "IN_PROGRESS");
    clock.advance(Duration.ofMillis(1));
    assertThat(http.get("/status/" + running).code()).isEqualTo(404);
    assertThat(http.post("/cancel/" + running).code()).isEqualTo(404);
    // Its worker was freed for the next job, which in turn is deleted at its own ttl.
    Map<String, Object> next = http.status(queued);
    assertThat(next).containsEntry("status", "IN_PROGRESS");
    assertThat(num(next.get("delayTime"))).isEqualTo(10000);
    clock.advance(Duration.ofSeconds(10));
    assertThat(http.get("/status/" + queued).code()).isEqualTo(404);
    assertThat(((Map<?, ?>) http.get("/health").get("jobs")).get("inProgress")).isEqualTo(BigDecimal.ZERO);
  }

  @Test
  void finishedResultsExpireAfterTheRetentionAndSyncOnesAfterAMinute() throws Exception {
    start(RunPodSimulator.builder().clock(clock));
    String async = http.run(PROMPT);
    String sync = (String) http.post("/runsync", "{\"input\":" + PROMPT + "}").get("id");
    assertThat(http.status(async)).containsEntry("status", "COMPLETED");
    clock.advance(Duration.ofSeconds(60).minusMillis(1));
    assertThat(http.status(sync)).containsEntry("status", "COMPLETED");
    clock.advance(Duration.ofMillis(1));
    assertThat(http.get("/status/" + sync).code()).isEqualTo(404);
    clock.advance(Duration.ofMinutes(29).minusMillis(1));
    assertThat(http.status(async)).containsEntry("status", "COMPLETED");
    clock.advance(Duration.ofMillis(1));
    Http.Reply gone = http.get("/status/" + async);
    assertThat(gone.code()).isEqualTo(404);
    assertThat((String) gone.get("error")).contains(async);
  }

  @Test
  void theRetentionIsConfigurableAndStatusTtlResetsIt() throws Exception {
    start(RunPodSimulator.builder().clock(clock).retention(Duration.ofMinutes(5)));
    String a = http.run(PROMPT);
    String b = http.run("{\"prompt\":\"b\"}");
    assertThat(http.get("/status/" + b + "?ttl=6000").code()).isEqualTo(200);
    assertThat(http.get("/status/" + b + "?ttl=abc").code()).isEqualTo(400);
    clock.advance(Duration.ofSeconds(6));
    assertThat(http.get("/status/" + b).code()).isEqualTo(404);
    assertThat(http.status(a)).containsEntry("status", "COMPLETED");
    clock.advance(Duration.ofMinutes(5));
    assertThat(http.get("/status/" + a).code()).isEqualTo(404);
  }

  @Test
  void jobsAreVisibleOnlyToTheirKeyAndEndpoint() throws Exception {
    start(RunPodSimulator.builder());
    String id = http.run(PROMPT);
    assertThat(http.status(id)).containsEntry("status", "COMPLETED");
    assertThat(http.as("rpa_some_other_key_0000000002").get("/status/" + id).code()).isEqualTo(404);
    assertThat(Http.of(sim, RunPodSimulator.FLUX_DEV, KEY).get("/status/" + id).code()).isEqualTo(404);
  }

  @Test
  void concurrentClientsGetEveryJobDoneAndChargedOnce() throws Exception {
    start(RunPodSimulator.builder().workers(4).latency(Duration.ofMillis(2)));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Long>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 160; i++) {
        int n = i;
        results.add(pool.submit(() -> {
          Map<String, Object> done = n % 2 == 0
              ? http.pollUntil(http.run("{\"prompt\":\"job " + n + "\"}"), "COMPLETED")
              : http.post("/runsync", "{\"input\":{\"prompt\":\"job " + n + "\"}}").json();
          assertThat(done).containsEntry("status", "COMPLETED");
          return num(done.get("executionTime"));
        }));
      }
      for (Future<Long> f : results) assertThat(f.get()).isBetween(2L, 1000L);
    } finally {
      pool.shutdownNow();
    }
    assertThat(sim.ledger().total()).isEqualTo(160);
    assertThat(sim.ledger().completed()).isEqualTo(160);
    assertThat(sim.ledger().duplicates()).isEmpty();
    assertThat(http.get("/health").json().get("jobs"))
        .isEqualTo(Json.parse("{\"completed\":160,\"failed\":0,\"inProgress\":0,\"inQueue\":0,\"retried\":0}"));
  }
}
