package dev.pictor.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonReader;
import dev.pictor.Batch;
import dev.pictor.BatchResult;
import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.JobStatus;
import dev.pictor.Money;
import dev.pictor.OutputSink;
import dev.pictor.TokenPool;
import dev.pictor.testkit.replicate.ReplicateSimulator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Batches through the real provider code against the Replicate simulator. */
@Timeout(60)
class BatchOnSimulatorTest {
  static final String TOKEN = "r8_batch_simulator_token_zzzzzzzzzz";
  @TempDir Path dir;

  private static GenerationClient client(ReplicateSimulator sim, Path dir) {
    return GenerationClient.builder()
        .provider(ReplicateProvider.builder().tokens(TokenPool.of(TOKEN)).baseUrl(sim.baseUrl()).waitSeconds(1).build())
        .polling(Duration.ofMillis(20), Duration.ofMillis(50)).outputs(OutputSink.files(dir)).build();
  }

  /** The statuses of every prediction the simulator holds, read through its own list endpoint. */
  @SuppressWarnings("unchecked")
  private static List<String> statuses(ReplicateSimulator sim) throws IOException {
    Request list = new Request.Builder().url(sim.baseUrl() + "/predictions").header("Authorization", "Bearer " + TOKEN).build();
    try (Response r = new OkHttpClient().newCall(list).execute()) {
      Map<String, Object> page = (Map<String, Object>) JsonReader.of(r.body().source()).readJsonValue();
      return ((List<Map<String, Object>>) page.get("results")).stream().map(p -> (String) p.get("status")).toList();
    }
  }

  @Test
  void cancelLeavesNoPredictionRunningAtTheSimulator() throws Exception {
    try (ReplicateSimulator sim = ReplicateSimulator.builder().tokens(TOKEN).latency(Duration.ofSeconds(30)).build().start();
        GenerationClient client = client(sim, dir)) {
      Batch batch = client.newBatch().template(GenerationRequest.create("flux-schnell").prompt("a lighthouse at dawn"))
          .seeds(10).maxConcurrency(3).start();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (statuses(sim).size() < 3 && System.nanoTime() < end) Thread.sleep(20);
      assertThat(statuses(sim)).hasSize(3).doesNotContain("succeeded");
      batch.cancel();
      BatchResult r = batch.await();
      assertThat(r.items()).allSatisfy(i -> assertThat(i.status()).isEqualTo(JobStatus.CANCELED));
      assertThat(statuses(sim)).hasSize(3).containsOnly("canceled");
      assertThat(sim.ledger().duplicates()).isEmpty();
    }
  }

  @Test
  void aBudgetStopsTheBatchAtExactlyWhatItCovers() throws Exception {
    try (ReplicateSimulator sim = ReplicateSimulator.builder().tokens(TOKEN).latency(Duration.ofMillis(5)).build().start();
        GenerationClient client = client(sim, dir)) {
      // flux-schnell is USD 0.003 an image in the catalogue: USD 0.015 covers five.
      BatchResult r = client.newBatch().template(GenerationRequest.create("flux-schnell").prompt("a lighthouse at dawn"))
          .seeds(9).maxConcurrency(2).budget(Money.usd("0.015")).run();
      assertThat(r.succeeded()).hasSize(5);
      assertThat(sim.ledger().total()).isEqualTo(5);
      assertThat(r.budgetExhausted()).isTrue();
      assertThat(statuses(sim)).hasSize(5).containsOnly("succeeded");
    }
  }
}
