package dev.pictor.runpod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.ImageInput;
import dev.pictor.Job;
import dev.pictor.JobQuery;
import dev.pictor.JobStatus;
import dev.pictor.OutputSink;
import dev.pictor.RetryPolicy;
import dev.pictor.TokenPool;
import dev.pictor.testkit.runpod.RunPodSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Product-photo batches through the simulator's faults. Server errors, malformed status answers, slow
 * answers and failing or timed-out jobs: every job ends, with its file on disk when it succeeded.
 * Sockets cut after the submit was sent: RunPod cannot say whether it got it, so those jobs stay
 * {@code UNKNOWN} and are never resent: nothing is charged twice.
 */
class FaultyBatchTest {
  static final String[] KEYS = {"rpa_faulty_key_1_zzzzzzzzzzzz", "rpa_faulty_key_2_zzzzzzzzzzzz", "rpa_faulty_key_3_zzzzzzzzzzzz"};
  @TempDir Path dir;

  private List<Job> run(RunPodSimulator.Faults faults, int n) throws Exception {
    try (RunPodSimulator sim = RunPodSimulator.builder().apiKeys(KEYS).latency(Duration.ofMillis(3)).faults(faults).build().start();
        GenerationClient client = GenerationClient.builder()
            .provider(RunPodProvider.builder().tokens(TokenPool.of(KEYS)).baseUrl(sim.baseUrl()).build())
            .retryPolicy(RetryPolicy.builder().maxAttempts(6).backoff(Duration.ofMillis(5), Duration.ofMillis(50)).build())
            .polling(Duration.ofMillis(5), Duration.ofMillis(50))
            .outputs(OutputSink.files(dir, "{job}-{n}.{ext}"))
            .maxConcurrency(32)
            .build()) {
      ProductPhotoPreset preset = ProductPhotoPreset.DEFAULTS;
      List<CompletableFuture<GenerationResult>> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        all.add(client.generateAsync(preset.edit(ImageInput.ofUrl("https://cdn.example.com/p/" + i + ".jpg"), "white background " + i)
            .seed(i).build()));
      }
      CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).handle((v, e) -> null).get(60, TimeUnit.SECONDS);
      List<Job> jobs = client.jobs(JobQuery.builder().limit(1000).build());
      assertThat(jobs).hasSize(n);
      assertThat(sim.ledger().duplicates()).isEmpty();
      assertThat(sim.ledger().downloadsWithAuthorization()).isZero();
      int charged = sim.ledger().total();
      long accepted = jobs.stream().filter(j -> j.providerJobId().isPresent()).count();
      assertThat((long) charged).isGreaterThanOrEqualTo(accepted);
      for (Job job : jobs) {
        if (job.status() != JobStatus.SUCCEEDED) continue;
        Path file = Path.of(job.outputs().get(0).location());
        assertThat(file).exists();
        assertThat(Files.readAllBytes(file)[1]).isEqualTo((byte) 'P'); // a PNG
        assertThat(job.actualCost()).isPresent();
      }
      return jobs;
    }
  }

  @Test
  @Timeout(90)
  void answeredFaultsEndEveryJobWithItsFileOnDisk() throws Exception {
    RunPodSimulator.Faults faults = RunPodSimulator.Faults.builder().serverErrors(0.10).malformedJson(0.05)
        .failingJobs(0.05).timedOutJobs(0.05).slowAnswers(0.05, Duration.ofMillis(20)).seed(2026).build();
    List<Job> jobs = run(faults, 200);
    int failed = 0;
    for (Job job : jobs) {
      assertThat(job.status().isTerminal()).as("job %s ended %s: %s", job.id(), job.status(), job.error()).isTrue();
      if (job.status() == JobStatus.SUCCEEDED) continue;
      assertThat(job.status()).as("job %s: %s", job.id(), job.error()).isIn(JobStatus.FAILED, JobStatus.EXPIRED);
      assertThat(job.error().orElseThrow().type()).isIn("job_failed", "expired");
      failed++;
    }
    assertThat(failed).isBetween(5, 45);
  }

  @Test
  @Timeout(90)
  void cutSocketsLeaveJobsUnknownNeverResent() throws Exception {
    RunPodSimulator.Faults faults = RunPodSimulator.Faults.builder().serverErrors(0.05).resetsBeforeAnswer(0.05)
        .dropAfterCharge(0.05).seed(7).build();
    List<Job> jobs = run(faults, 200);
    int unknown = 0;
    for (Job job : jobs) {
      assertThat(job.status()).as("job %s: %s", job.id(), job.error())
          .isIn(Set.of(JobStatus.SUCCEEDED, JobStatus.UNKNOWN));
      if (job.status() == JobStatus.UNKNOWN) {
        unknown++;
        assertThat(job.error().orElseThrow().message()).contains("not resent, so nothing is charged twice");
      }
    }
    assertThat(unknown).isBetween(5, 40);
  }

  @Test
  @Timeout(90)
  void withWebhooksCreatesCutAfterTheChargeAreAdoptedAndEveryJobEnds() throws Exception {
    RunPodSimulator.Faults faults = RunPodSimulator.Faults.builder().serverErrors(0.10).dropAfterCharge(0.05)
        .failingJobs(0.05).seed(11).build();
    java.util.concurrent.atomic.AtomicReference<GenerationClient> target = new java.util.concurrent.atomic.AtomicReference<>();
    try (mockwebserver3.MockWebServer receiver = new mockwebserver3.MockWebServer()) {
      receiver.setDispatcher(new mockwebserver3.Dispatcher() {
        @Override
        public mockwebserver3.MockResponse dispatch(mockwebserver3.RecordedRequest request) {
          try {
            target.get().webhooks().handle("runpod", dev.pictor.spi.WebhookDelivery.of(request.getUrl().uri(),
                request.getHeaders().toMultimap(), request.getBody().toByteArray()));
            return new mockwebserver3.MockResponse.Builder().code(200).build();
          } catch (dev.pictor.WebhookRejectedException e) {
            return new mockwebserver3.MockResponse.Builder().code(401).build();
          } catch (IllegalStateException closed) {
            return new mockwebserver3.MockResponse.Builder().code(503).build();
          }
        }
      });
      receiver.start();
      RunPodSimulator sim = RunPodSimulator.builder().apiKeys(KEYS).latency(Duration.ofMillis(3)).faults(faults).build().start();
      GenerationClient client = GenerationClient.builder()
          .provider(RunPodProvider.builder().tokens(TokenPool.of(KEYS)).baseUrl(sim.baseUrl())
              .webhook(receiver.url("/hooks/runpod").toString()).build())
          .retryPolicy(RetryPolicy.builder().maxAttempts(6).backoff(Duration.ofMillis(5), Duration.ofMillis(50)).build())
          .polling(Duration.ofMillis(5), Duration.ofMillis(50))
          .outputs(OutputSink.files(dir, "{job}-{n}.{ext}"))
          .maxConcurrency(32)
          .build();
      try {
        target.set(client);
        int n = 200;
        for (int i = 0; i < n; i++) {
          client.submit(ProductPhotoPreset.DEFAULTS.edit(ImageInput.ofUrl("https://cdn.example.com/w/" + i + ".jpg"), "white " + i)
              .seed(i).build());
        }
        List<Job> jobs = List.of();
        for (int round = 0; round < 600; round++) {
          jobs = client.jobs(JobQuery.builder().limit(1000).build());
          if (jobs.size() == n && jobs.stream().allMatch(j -> j.status().isTerminal())) break;
          Thread.sleep(50);
        }
        int adopted = 0;
        for (Job job : jobs) {
          assertThat(job.status().isTerminal()).as("job %s ended %s: %s", job.id(), job.status(), job.error()).isTrue();
          if (job.status() == JobStatus.SUCCEEDED) assertThat(Path.of(job.outputs().get(0).location())).exists();
          else assertThat(job.error().orElseThrow().type()).as("job %s: %s", job.id(), job.error()).isEqualTo("job_failed");
        }
        assertThat(sim.ledger().duplicates()).isEmpty();
        assertThat(sim.ledger().faults()).containsKey("dropAfterCharge");
        // Every charged job is a job of ours, and each of ours was charged once.
        assertThat(sim.ledger().total()).isEqualTo(n);
      } finally {
        sim.close(); // the webhook source first, so no delivery reaches a closed client
        client.close();
      }
    }
  }
}
