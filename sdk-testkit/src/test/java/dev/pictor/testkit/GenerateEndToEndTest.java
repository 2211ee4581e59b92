package dev.pictor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.ImageFormat;
import dev.pictor.Job;
import dev.pictor.JobStatus;
import dev.pictor.OutputSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateEndToEndTest {
  @TempDir Path dir;

  @Test
  void generatesAndStoresARealPng() throws Exception {
    FakeProvider fake = FakeProvider.create();
    try (GenerationClient client = GenerationClient.builder().provider(fake).outputs(OutputSink.files(dir)).build()) {
      GenerationResult r = client.generate(GenerationRequest.create(FakeProvider.MODEL).prompt("a red cube").seed(7).owner("ann").build());
      assertThat(r.images()).hasSize(1);
      assertThat(r.images().get(0).format()).isEqualTo(ImageFormat.PNG);
      Path file = Path.of(r.images().get(0).location());
      assertThat(file).startsWith(dir.resolve("ann")).hasFileName(r.id() + "-1.png");
      assertThat(Files.readAllBytes(file)).isEqualTo(TestImages.png(7, 64, 64));
      Job stored = client.job(r.id()).orElseThrow();
      assertThat(stored.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(stored.providerJobId()).isPresent();
      assertThat(stored.attempts()).isEqualTo(1);
      assertThat(stored.outputs()).hasSize(1);
    }
  }

  @Test
  void pollsUntilDoneWithLatency() {
    FakeProvider fake = FakeProvider.builder().pollsBeforeDone(3).latency(Duration.ofMillis(2)).build();
    try (GenerationClient client = GenerationClient.builder().provider(fake).outputs(OutputSink.files(dir))
        .polling(Duration.ofMillis(1), Duration.ofMillis(5)).build()) {
      List<CompletableFuture<GenerationResult>> all = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        all.add(client.generateAsync(GenerationRequest.create(FakeProvider.MODEL).prompt("p" + i).build()));
      }
      for (CompletableFuture<GenerationResult> f : all) assertThat(f.join().job().status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(fake.pollCalls()).isEqualTo(150);
      assertThat(fake.duplicateCharges()).isEmpty();
    }
  }

  @Test
  void largeOutputsAreStreamedToExactlyTheirSize() throws Exception {
    FakeProvider fake = FakeProvider.builder().outputBytes(1_000_000).build();
    try (dev.pictor.GenerationClient client = dev.pictor.GenerationClient.builder().provider(fake)
        .outputs(dev.pictor.OutputSink.files(dir)).build()) {
      dev.pictor.GenerationResult r = client.generate(dev.pictor.GenerationRequest.create(FakeProvider.MODEL).prompt("big").build());
      java.nio.file.Path file = java.nio.file.Path.of(r.images().get(0).location());
      org.assertj.core.api.Assertions.assertThat(java.nio.file.Files.size(file)).isEqualTo(1_000_000);
      org.assertj.core.api.Assertions.assertThat(file.getFileName().toString()).endsWith(".png");
      org.assertj.core.api.Assertions.assertThat(java.nio.file.Files.readAllBytes(file)).startsWith(0x89, 'P', 'N', 'G');
    }
  }
}
