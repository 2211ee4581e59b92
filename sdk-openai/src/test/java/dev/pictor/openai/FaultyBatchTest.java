package dev.pictor.openai;

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
import dev.pictor.testkit.TestImages;
import dev.pictor.testkit.openai.OpenAiSimulator;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Carousel batches (edits cut to 4:5, generations at 1:1) through the simulator's faults. Errors
 * answered before the charge are retried or fail the job; answers lost after the request was sent
 * leave the job {@code UNKNOWN}, never resent: every job ends, nothing is charged twice, and every
 * success has its file on disk.
 */
class FaultyBatchTest {
  static final String[] KEYS = {"sk-faulty-key-1-zzzzzzzzzzzz", "sk-faulty-key-2-zzzzzzzzzzzz", "sk-faulty-key-3-zzzzzzzzzzzz"};
  static final byte[] SOURCE = TestImages.png(21, 120, 150);
  @TempDir Path dir;

  private List<Job> run(OpenAiSimulator.Faults faults, int n) throws Exception {
    try (OpenAiSimulator sim = OpenAiSimulator.builder().apiKeys(KEYS).latency(Duration.ofMillis(2)).faults(faults).build().start();
        GenerationClient client = GenerationClient.builder()
            .provider(OpenAiProvider.builder().tokens(TokenPool.of(KEYS)).baseUrl(sim.baseUrl()).build())
            .retryPolicy(RetryPolicy.builder().maxAttempts(6).backoff(Duration.ofMillis(5), Duration.ofMillis(50)).build())
            .outputs(OutputSink.files(dir, "{job}-{n}.{ext}"))
            .maxConcurrency(32)
            .build()) {
      List<CompletableFuture<GenerationResult>> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        GenerationRequest r = i % 2 == 0
            ? GenerationRequest.edit("gpt-image-1").prompt("slide " + i).image(ImageInput.of(SOURCE, "product.png")).aspectRatio("4:5")
                .parameter("quality", "low").build()
            : GenerationRequest.create("gpt-image-1-mini").prompt("cover " + i).aspectRatio("1:1").build();
        all.add(client.generateAsync(r));
      }
      CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).handle((v, e) -> null).get(60, TimeUnit.SECONDS);
      List<Job> jobs = client.jobs(JobQuery.builder().limit(1000).build());
      assertThat(jobs).hasSize(n);
      assertThat(sim.ledger().duplicates()).isEmpty();
      long succeeded = jobs.stream().filter(j -> j.status() == JobStatus.SUCCEEDED).count();
      long unknown = jobs.stream().filter(j -> j.status() == JobStatus.UNKNOWN).count();
      assertThat((long) sim.ledger().total()).isBetween(succeeded, succeeded + unknown);
      for (Job job : jobs) {
        if (job.status() != JobStatus.SUCCEEDED) continue;
        BufferedImage img = ImageIO.read(Path.of(job.outputs().get(0).location()).toFile());
        assertThat(img).as("job %s's file", job.id()).isNotNull();
        if (job.request().action() == dev.pictor.Action.EDIT) assertThat(img.getWidth() * 5).isEqualTo(img.getHeight() * 4);
        else assertThat(img.getWidth()).isEqualTo(img.getHeight());
        assertThat(job.actualCost()).isPresent();
      }
      return jobs;
    }
  }

  @Test
  @Timeout(90)
  void answeredFaultsEndEveryJobWithItsFileOnDisk() throws Exception {
    OpenAiSimulator.Faults faults = OpenAiSimulator.Faults.builder().serverErrors(0.10).moderationBlocks(0.05)
        .slowAnswers(0.05, Duration.ofMillis(20)).seed(2026).build();
    List<Job> jobs = run(faults, 200);
    int failed = 0;
    int unknown = 0;
    for (Job job : jobs) {
      assertThat(job.status()).as("job %s: %s", job.id(), job.error()).isIn(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.UNKNOWN);
      if (job.status() == JobStatus.FAILED) {
        failed++;
        assertThat(job.error().orElseThrow().message()).as("job %s", job.id()).contains("code moderation_blocked");
      } else if (job.status() == JobStatus.UNKNOWN) {
        // A gateway's 502 may come after the image was made: such a job is never resent.
        unknown++;
        assertThat(job.error().orElseThrow().message()).as("job %s", job.id()).contains("not resent");
      }
    }
    assertThat(failed).isBetween(2, 25);
    assertThat(unknown).isLessThanOrEqualTo(25); // at most the 502 half of the 10% server errors, with retries
    assertThat(jobs.stream().filter(j -> j.status() == JobStatus.SUCCEEDED).count()).isGreaterThan(150);
  }

  @Test
  @Timeout(90)
  void answersLostAfterSendingLeaveJobsUnknownNeverResent() throws Exception {
    OpenAiSimulator.Faults faults = OpenAiSimulator.Faults.builder().serverErrors(0.05).resetsBeforeAnswer(0.04)
        .dropAfterCharge(0.04).internalErrors(0.04).malformedJson(0.04).seed(7).build();
    List<Job> jobs = run(faults, 200);
    int unknown = 0;
    for (Job job : jobs) {
      assertThat(job.status()).as("job %s: %s", job.id(), job.error()).isIn(JobStatus.SUCCEEDED, JobStatus.UNKNOWN);
      if (job.status() == JobStatus.UNKNOWN) {
        unknown++;
        assertThat(job.error().orElseThrow().message()).contains("not resent, so nothing is charged twice");
      }
    }
    assertThat(unknown).isBetween(10, 60);
  }
}
