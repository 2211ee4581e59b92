package dev.pictor.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.ImageInput;
import dev.pictor.Job;
import dev.pictor.JobStatus;
import dev.pictor.Money;
import dev.pictor.OutputSink;
import dev.pictor.UnknownOutcomeException;
import dev.pictor.spi.ProviderJob;
import dev.pictor.testkit.TestImages;
import dev.pictor.testkit.openai.OpenAiSimulator;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed 004's tracked carousel jobs through the core and the simulator, and the paths a synchronous API leaves. */
class ClientFlowTest {
  static final String KEY = "sk-flow-test-key-0000000000001";
  @TempDir Path dir;

  @Test
  void aRuleThatSpansParametersIsRefusedBeforeTheJobIsStoredOrSent() throws Exception {
    try (OpenAiSimulator sim = OpenAiSimulator.builder().apiKeys(KEY).build().start();
        GenerationClient client = GenerationClient.builder()
            .provider(OpenAiProvider.builder().apiKey(KEY).baseUrl(sim.baseUrl()).build())
            .outputs(OutputSink.files(dir.resolve("out"))).build()) {
      GenerationRequest bad = GenerationRequest.create("gpt-image-1").prompt("a logo").outputFormat("jpeg")
          .parameter("background", "transparent").build();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.validate(bad))
          .isInstanceOf(dev.pictor.InvalidRequestException.class).hasMessageContaining("needs output_format png or webp");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.submit(bad))
          .isInstanceOf(dev.pictor.InvalidRequestException.class)
          .satisfies(e -> assertThat(((dev.pictor.InvalidRequestException) e).field()).isPresent());
      assertThat(client.jobs(dev.pictor.JobQuery.builder().build())).isEmpty();
      assertThat(sim.ledger().byEndpoint()).isEmpty();
    }
  }

  @Test
  void aCarouselOfEditsComesOutInExactly1to1And4to5And9to16() throws Exception {
    Path source = Files.write(dir.resolve("product.png"), TestImages.png(11, 300, 400));
    Path logo = Files.write(dir.resolve("logo.png"), TestImages.png(12, 64, 64));
    String[] ratios = {"1:1", "4:5", "9:16"};
    try (OpenAiSimulator sim = OpenAiSimulator.builder().apiKeys(KEY).build().start();
        GenerationClient client = GenerationClient.builder()
            .provider(OpenAiProvider.builder().apiKey(KEY).baseUrl(sim.baseUrl()).build())
            .outputs(OutputSink.files(dir.resolve("out"), "{job}-{n}.{ext}")).build()) {
      List<Job> jobs = new ArrayList<>();
      for (String ratio : ratios) {
        GenerationResult r = client.generate(GenerationRequest.edit("gpt-image-1").prompt("Carousel slide " + ratio + ": the product on a clean backdrop")
            .image(ImageInput.of(source)).image(ImageInput.of(logo)).aspectRatio(ratio).parameter("quality", "low").tag("carousel").build());
        jobs.add(r.job());
        BufferedImage img = ImageIO.read(Path.of(r.images().get(0).location()).toFile());
        int a = Integer.parseInt(ratio.split(":")[0]);
        int b = Integer.parseInt(ratio.split(":")[1]);
        assertThat((long) img.getWidth() * b).as(ratio + " is " + img.getWidth() + "x" + img.getHeight()).isEqualTo((long) img.getHeight() * a);
      }
      assertThat(jobs).extracting(Job::status).containsOnly(JobStatus.SUCCEEDED);
      assertThat(jobs.get(0).providerJobId().orElseThrow()).startsWith("req_").doesNotContain("#");
      assertThat(jobs.get(1).outputs().get(0).metadata()).containsEntry("crop", "1024x1536>1024x1280");
      assertThat(jobs.get(2).outputs().get(0).metadata()).containsEntry("crop", "1024x1536>864x1536");
      Money total = Money.zero("USD");
      for (Job j : jobs) total = total.plus(j.actualCost().orElseThrow());
      assertThat(total.amount()).isEqualByComparingTo(sim.ledger().cost());
      assertThat(sim.ledger().byEndpoint()).containsEntry("POST /v1/images/edits", 3);
      assertThat(sim.ledger().duplicates()).isEmpty();
    }
  }

  @Test
  void dallEUrlsAreDownloadedByTheCoreWithoutTheKey() throws Exception {
    try (OpenAiSimulator sim = OpenAiSimulator.builder().apiKeys(KEY).build().start();
        GenerationClient client = GenerationClient.builder()
            .provider(OpenAiProvider.builder().apiKey(KEY).baseUrl(sim.baseUrl()).build())
            .outputs(OutputSink.files(dir)).build()) {
      GenerationResult r = client.generate(GenerationRequest.create("dall-e-2").prompt("a cat").numOutputs(2).parameter("size", "256x256").build());
      assertThat(r.images()).hasSize(2);
      assertThat(ImageIO.read(Path.of(r.images().get(1).location()).toFile()).getWidth()).isEqualTo(256);
      assertThat(r.job().actualCost()).contains(Money.usd("0.032"));
      assertThat(sim.ledger().downloads()).isEqualTo(2);
      assertThat(sim.ledger().downloadsWithAuthorization()).isZero();
    }
  }

  @Test
  void aPollIsAnsweredFromTheKeptAnswerOrEndsExpired() throws Exception {
    try (OpenAiSimulator sim = OpenAiSimulator.builder().apiKeys(TestCall.TOKEN).build().start()) {
      OpenAiProvider p = OpenAiProvider.builder().apiKey(TestCall.TOKEN).baseUrl(sim.baseUrl()).build();
      TestCall call = TestCall.create();
      ProviderJob done = p.submit(call, Wire.validated(GenerationRequest.create("gpt-image-1").prompt("kept").build(),
          OpenAiModels.GPT_IMAGE_1)).get();
      assertThat(p.poll(call, done.providerJobId()).get()).isSameAs(done);
      ProviderJob gone = p.poll(call, "req_unknown").get();
      assertThat(gone.status()).isEqualTo(JobStatus.EXPIRED);
      assertThat(gone.errorCode()).contains("not_kept");
      assertThat(gone.errorMessage().orElseThrow()).contains("keeps no job to read again");
      assertThat(p.reconcile(call, null, null).get().outcome()).isEqualTo(dev.pictor.spi.Reconciliation.Outcome.UNSUPPORTED);
      assertThat(sim.ledger().requests()).isEqualTo(1);
    }
  }

  @Test
  void aRequestThatTimesOutAfterItWasSentEndsUnknownAndIsNotResent() throws Exception {
    try (OpenAiSimulator sim = OpenAiSimulator.builder().apiKeys(KEY).latency(Duration.ofSeconds(3)).build().start();
        GenerationClient client = GenerationClient.builder()
            .provider(OpenAiProvider.builder().apiKey(KEY).baseUrl(sim.baseUrl()).requestTimeout(Duration.ofSeconds(1)).build())
            .outputs(OutputSink.files(dir)).build()) {
      assertThatThrownBy(() -> client.generate(GenerationRequest.create("gpt-image-1").prompt("slow").build()))
          .isInstanceOf(UnknownOutcomeException.class)
          .hasMessageContaining("openai cannot tell whether it received the submit; not resent, so nothing is charged twice");
      assertThat(sim.ledger().total()).isEqualTo(1);
    }
  }
}
