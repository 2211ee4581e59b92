package dev.pictor.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationRequest;
import dev.pictor.ImageFormat;
import dev.pictor.ModelSpec;
import dev.pictor.spi.ProviderJob;
import dev.pictor.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import javax.imageio.ImageIO;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * Ratios the model's sizes lack are cut from the nearest size around the centre, exactly: the outputs
 * are decoded and measured. The crop shows in the job id.
 */
class CropTest {
  @StartStop final MockWebServer api = new MockWebServer();

  private ProviderJob submit(GenerationRequest r, ModelSpec spec, byte[] answered) throws Exception {
    api.enqueue(Wire.json(200, Wire.answer(null, answered)));
    OpenAiProvider p = OpenAiProvider.builder().apiKey(TestCall.TOKEN).baseUrl(api.url("/v1").toString()).build();
    return p.submit(TestCall.create(), Wire.validated(r, spec)).get();
  }

  private static BufferedImage decode(ProviderJob job, int i) throws Exception {
    try (InputStream in = job.outputs().get(i).opener().orElseThrow().open()) {
      return ImageIO.read(in);
    }
  }

  private static byte[] bytes(ProviderJob job) throws Exception {
    try (InputStream in = job.outputs().get(0).opener().orElseThrow().open()) {
      return in.readAllBytes();
    }
  }

  @Test
  void fourToFiveIsCutFromPortraitAsPng() throws Exception {
    ProviderJob job = submit(GenerationRequest.create("gpt-image-1").prompt("p").aspectRatio("4:5").build(), OpenAiModels.GPT_IMAGE_1,
        TestImages.png(1, 1024, 1536));
    assertThat(Wire.body(api.takeRequest())).containsEntry("size", "1024x1536").doesNotContainKey("output_format");
    BufferedImage img = decode(job, 0);
    assertThat(img.getWidth()).isEqualTo(1024);
    assertThat(img.getHeight()).isEqualTo(1280);
    assertThat(img.getWidth() * 5).isEqualTo(img.getHeight() * 4);
    assertThat(ImageFormat.sniff(bytes(job), 12)).isEqualTo(ImageFormat.PNG);
    assertThat(job.providerJobId()).isEqualTo("req_test123");
    assertThat(job.outputs().get(0).metadata()).containsEntry("crop", "1024x1536>1024x1280").containsEntry("size", "1024x1536");
  }

  @Test
  void nineToSixteenIsCutFromPortraitAsJpegWhenJpegWasAskedFor() throws Exception {
    ProviderJob job = submit(GenerationRequest.create("gpt-image-1-mini").prompt("p").aspectRatio("9:16").outputFormat("jpeg")
        .parameter("output_compression", 80).build(), OpenAiModels.GPT_IMAGE_1_MINI, TestImages.jpeg(2, 1024, 1536));
    BufferedImage img = decode(job, 0);
    assertThat(img.getWidth()).isEqualTo(864);
    assertThat(img.getHeight()).isEqualTo(1536);
    assertThat(img.getWidth() * 16).isEqualTo(img.getHeight() * 9);
    assertThat(ImageFormat.sniff(bytes(job), 12)).isEqualTo(ImageFormat.JPEG);
  }

  @Test
  void everyOutputOfASeveralImageAnswerIsCut() throws Exception {
    api.enqueue(Wire.json(200, Wire.answer(null, TestImages.png(1, 1024, 1536), TestImages.png(2, 1024, 1536))));
    OpenAiProvider p = OpenAiProvider.builder().apiKey(TestCall.TOKEN).baseUrl(api.url("/v1").toString()).build();
    ProviderJob job = p.submit(TestCall.create(), Wire.validated(GenerationRequest.create("gpt-image-1.5").prompt("p").numOutputs(2)
        .aspectRatio("4:5").build(), OpenAiModels.GPT_IMAGE_1_5)).get();
    assertThat(job.outputs()).hasSize(2);
    for (int i = 0; i < 2; i++) assertThat(decode(job, i).getHeight()).isEqualTo(1280);
  }

  @Test
  void theCutFollowsTheImageAsDecodedWhateverSizeArrived() throws Exception {
    ProviderJob job = submit(GenerationRequest.create("gpt-image-1").prompt("p").aspectRatio("4:5").build(), OpenAiModels.GPT_IMAGE_1,
        TestImages.png(3, 1000, 1500));
    BufferedImage img = decode(job, 0);
    assertThat(img.getWidth()).isEqualTo(1000);
    assertThat(img.getHeight()).isEqualTo(1250);
  }

  @Test
  void dallE3NineToSixteenIsCutFrom1024x1792() throws Exception {
    ProviderJob job = submit(GenerationRequest.create("dall-e-3").prompt("p").aspectRatio("9:16").build(), OpenAiModels.DALL_E_3,
        TestImages.png(4, 1024, 1792));
    BufferedImage img = decode(job, 0);
    assertThat(img.getWidth()).isEqualTo(1008);
    assertThat(img.getHeight()).isEqualTo(1792);
    assertThat(job.outputs().get(0).metadata()).containsEntry("crop", "1024x1792>1008x1792");
  }

  @Test
  void standardRatiosAndGptImage2AreNotCut() throws Exception {
    byte[] square = TestImages.png(5, 64, 64);
    ProviderJob one = submit(GenerationRequest.create("gpt-image-1").prompt("p").aspectRatio("1:1").build(), OpenAiModels.GPT_IMAGE_1, square);
    assertThat(Wire.body(api.takeRequest())).containsEntry("size", "1024x1024");
    assertThat(bytes(one)).isEqualTo(square);
    assertThat(one.providerJobId()).isEqualTo("req_test123");
    submit(GenerationRequest.create("gpt-image-1").prompt("p").aspectRatio("3:2").build(), OpenAiModels.GPT_IMAGE_1, square);
    assertThat(Wire.body(api.takeRequest())).containsEntry("size", "1536x1024");
    ProviderJob exact = submit(GenerationRequest.create("gpt-image-2").prompt("p").aspectRatio("9:16").build(), OpenAiModels.GPT_IMAGE_2, square);
    assertThat(Wire.body(api.takeRequest())).containsEntry("size", "864x1536");
    assertThat(bytes(exact)).isEqualTo(square);
  }
}
