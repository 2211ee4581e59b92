package dev.pictor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationRequest;
import dev.pictor.ImageInput;
import dev.pictor.Job;
import dev.pictor.JobError;
import dev.pictor.JobStatus;
import dev.pictor.Money;
import dev.pictor.StoredOutput;
import dev.pictor.spi.JobRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobCodecTest {
  @Test
  void aJobSurvivesTheRoundTripThroughARecord() {
    Instant t = Instant.parse("2026-04-01T08:00:00Z");
    GenerationRequest request = GenerationRequest.edit("flux-kontext-pro").prompt("Білий фон, «м'яка» тінь").negativePrompt("blur")
        .image(ImageInput.of(Path.of("/photos/shoe.jpg"))).image(ImageInput.ofUrl("https://cdn.example.com/a.png"))
        .image(ImageInput.of(new byte[] {1, 2}, "upload.png")).aspectRatio("4:5").seed(42).steps(28).guidance(3.5)
        .numOutputs(2).outputFormat("png").parameter("safety_tolerance", 2).parameter("raw", true).parameter("style", "studio")
        .timeout(Duration.ofMinutes(3)).owner("shop-7").tag("ab-test").tag("soft").build();
    Job job = Job.builder().id("job_1").status(JobStatus.SUCCEEDED).request(request).provider("replicate")
        .providerJobId("pred_9").batchId("batch_3").createdAt(t).submitStartedAt(t.plusMillis(5)).submittedAt(t.plusSeconds(1))
        .startedAt(t.plusSeconds(2)).completedAt(t.plusSeconds(9)).queueDuration(Duration.ofSeconds(1))
        .processingDuration(Duration.ofSeconds(7)).attempts(2).estimatedCost(Money.usd("0.08")).actualCost(Money.usd("0.079"))
        .outputs(List.of(new StoredOutput(0, "/out/job_1-1.png", "image/png", 1234)))
        .error(new JobError("provider", "503", "was retried")).build();
    JobRecord record = JobCodec.toRecord(job, 4);
    assertThat(record.version()).isEqualTo(4);
    assertThat(record.status()).isEqualTo("succeeded");
    assertThat(record.action()).contains("edit");
    assertThat(record.externalId()).contains("pred_9");
    assertThat(record.parentId()).contains("batch_3");
    assertThat(record.owner()).contains("shop-7");
    assertThat(record.tags()).containsExactlyInAnyOrder("ab-test", "soft");
    assertThat(record.updatedAt()).isEqualTo(t.plusSeconds(9));

    Job back = JobCodec.fromRecord(record);
    assertThat(back.toString()).isEqualTo(job.toString());
    assertThat(back.request().prompt()).isEqualTo(request.prompt());
    assertThat(back.request().parameters()).containsEntry("safety_tolerance", 2L).containsEntry("raw", true).containsEntry("style", "studio");
    assertThat(back.request().images()).hasSize(3);
    assertThat(back.request().images().get(0).path()).contains(Path.of("/photos/shoe.jpg"));
    assertThat(back.request().images().get(1).url()).isPresent();
    assertThat(back.request().images().get(2).name()).isEqualTo("not-kept:upload.png");
    assertThat(back.request().timeout()).contains(Duration.ofMinutes(3));
    assertThat(back.outputs()).isEqualTo(job.outputs());
    assertThat(back.actualCost()).isEqualTo(job.actualCost());
    assertThat(back.processingDuration()).isEqualTo(job.processingDuration());
    assertThat(back.attempts()).isEqualTo(2);
    assertThat(back.error()).isEqualTo(job.error());
    assertThat(JobCodec.toRecord(back, 4).payload()).isEqualTo(record.payload());
    assertThat(JobCodec.fromRecord(JobCodec.toRecord(back, 4)).request().images().get(2).name()).isEqualTo("not-kept:upload.png");
  }

  @Test
  void chainsInputsFromJobsParentsAndOutputMetadataSurviveTheRoundTrip() {
    Instant t = Instant.parse("2026-04-01T08:00:00Z");
    GenerationRequest request = GenerationRequest.edit("gpt-image-1").prompt("carousel").image(ImageInput.fromJob("job_src", 1))
        .aspectRatio("4:5").thenUpscale(2, "clarity-upscaler").thenRemoveBackground().build();
    Job job = Job.builder().id("job_2").status(JobStatus.SUCCEEDED).request(request).provider("openai")
        .parentJobId("job_1").createdAt(t)
        .outputs(List.of(new StoredOutput(0, "/out/job_2-1.png", "image/png", 99,
            java.util.Map.of("crop", "1024x1536>1024x1280", "size", "1024x1536"))))
        .build();
    Job back = JobCodec.fromRecord(JobCodec.toRecord(job, 0));
    assertThat(back.parentJobId()).contains("job_1");
    assertThat(back.outputs().get(0).metadata()).containsEntry("crop", "1024x1536>1024x1280").containsEntry("size", "1024x1536");
    assertThat(back.request().images().get(0).sourceJob()).contains("job_src");
    assertThat(back.request().images().get(0).sourceIndex()).isEqualTo(1);
    assertThat(back.request().chain()).containsExactly(new dev.pictor.ChainStep(dev.pictor.Action.UPSCALE, "clarity-upscaler", 2.0),
        new dev.pictor.ChainStep(dev.pictor.Action.REMOVE_BACKGROUND, null, null));
  }
}
