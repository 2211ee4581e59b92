package dev.pictor.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.JobStatus;
import dev.pictor.OutputSink;
import dev.pictor.TokenPool;
import dev.pictor.testkit.replicate.ReplicateSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token whose real limit is far below the documented 600 a minute (a low-credit account): its
 * 429s ("resets in ~Ns") slow it down, and the batch finishes instead of failing.
 */
class SlowTokenTest {
  private static final String TOKEN = "r8_slow_account_zzzzzzzzzzzzzzzz";
  private static final int JOBS = Integer.getInteger("slowTokenJobs", 12);

  @TempDir Path dir;

  @Test
  @Timeout(60)
  void throttledCreatesSlowTheTokenDownAndEveryJobSucceeds() {
    try (ReplicateSimulator sim = ReplicateSimulator.builder().tokens(TOKEN).createLimit(4, 1).build().start();
        GenerationClient client = GenerationClient.builder()
            .provider(ReplicateProvider.builder().tokens(TokenPool.of(TOKEN)).baseUrl(sim.baseUrl()).build())
            .outputs(OutputSink.files(dir)).build()) {
      List<CompletableFuture<GenerationResult>> all = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        all.add(client.generateAsync(GenerationRequest.create("flux-schnell").prompt("slow " + i).seed(i).build()));
      }
      for (CompletableFuture<GenerationResult> f : all) assertThat(f.join().job().status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(sim.ledger().byStatus().getOrDefault(429, 0)).isPositive();
      assertThat(sim.ledger().duplicates()).isEmpty();
      assertThat(sim.ledger().total()).isEqualTo(JOBS);
    }
  }
}
