package dev.pictor.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.Job;
import dev.pictor.JobQuery;
import dev.pictor.JobStatus;
import dev.pictor.OutputSink;
import dev.pictor.RetryPolicy;
import dev.pictor.TokenPool;
import dev.pictor.testkit.replicate.ReplicateSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 500 predictions through 10% server errors, 5% resets before the answer, 5% creates charged and then
 * cut off (ambiguous), and 5% failing predictions: every job ends, every prediction that did not fail
 * at the provider succeeded with its file on disk, and nothing was charged twice.
 */
class FaultyBatchTest {
  @TempDir Path dir;

  @Test
  @Timeout(120)
  void fiveHundredPredictionsThroughFaultsEndWithNoDuplicateCharge() throws Exception {
    int n = 500;
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 10; i++) tokens.add("r8_faulty_batch_token_" + i + "_zzzzzzzz");
    ReplicateSimulator.Faults faults = ReplicateSimulator.Faults.builder().serverErrors(0.10).resetsBeforeAnswer(0.05)
        .dropAfterCharge(0.05).failingPredictions(0.05).seed(2026).build();
    try (ReplicateSimulator sim = ReplicateSimulator.builder().tokens(tokens.toArray(new String[0])).latency(Duration.ofMillis(5))
            .faults(faults).build().start();
        GenerationClient client = GenerationClient.builder()
            .provider(ReplicateProvider.builder().tokens(TokenPool.of(tokens)).baseUrl(sim.baseUrl()).build())
            .retryPolicy(RetryPolicy.builder().maxAttempts(6).backoff(Duration.ofMillis(5), Duration.ofMillis(50)).build())
            .polling(Duration.ofMillis(5), Duration.ofMillis(50))
            .outputs(OutputSink.files(dir, "{job}-{n}.{ext}"))
            .maxConcurrency(32)
            .build()) {
      List<CompletableFuture<GenerationResult>> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        all.add(client.generateAsync(GenerationRequest.create("flux-schnell").prompt("faulty batch item " + i).seed(i).build()));
      }
      CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).handle((v, e) -> null).get(100, TimeUnit.SECONDS);

      List<Job> jobs = new ArrayList<>();
      for (JobQuery q = JobQuery.builder().limit(1000).build(); ; q = q.nextPage()) {
        List<Job> page = client.jobs(q);
        jobs.addAll(page);
        if (page.size() < q.limit()) break;
      }
      assertThat(jobs).hasSize(n);
      int succeeded = 0;
      int failedAtProvider = 0;
      for (Job job : jobs) {
        assertThat(job.status().isTerminal()).as("job %s ended %s: %s", job.id(), job.status(), job.error()).isTrue();
        if (job.status() == JobStatus.SUCCEEDED) {
          succeeded++;
          assertThat(job.outputs()).isNotEmpty();
          Path file = Path.of(job.outputs().get(0).location());
          assertThat(file).exists();
          byte[] head = Files.readAllBytes(file);
          assertThat(head[1]).isEqualTo((byte) 'P'); // a PNG
        } else {
          // The only other ending allowed: the prediction itself failed at the provider.
          assertThat(job.status()).as("job %s: %s", job.id(), job.error()).isEqualTo(JobStatus.FAILED);
          assertThat(job.error().orElseThrow().type()).as("job %s: %s", job.id(), job.error()).isEqualTo("job_failed");
          failedAtProvider++;
        }
      }
      assertThat(succeeded + failedAtProvider).isEqualTo(n);
      assertThat(failedAtProvider).isBetween(5, 60);
      assertThat(sim.ledger().duplicates()).isEmpty();
      assertThat(sim.ledger().downloadsWithAuthorization()).isZero();
      assertThat(sim.ledger().faults()).containsKeys("dropAfterCharge", "resetsBeforeAnswer", "serverErrors");
    }
  }
}
