package dev.pictor.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationRequest;
import dev.pictor.ImageInput;
import dev.pictor.JobStatus;
import dev.pictor.ModelSpec;
import dev.pictor.spi.ProviderJob;
import dev.pictor.testkit.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code POST /v1/images/edits} carries: part names, file names, content types, field values, and the bytes themselves. */
class MultipartTest {
  @StartStop final MockWebServer api = new MockWebServer();
  @TempDir Path dir;

  private RecordedRequest send(GenerationRequest r, ModelSpec spec) throws Exception {
    api.enqueue(Wire.json(200, Wire.png(16, 16)));
    OpenAiProvider p = OpenAiProvider.builder().apiKey(TestCall.TOKEN).baseUrl(api.url("/v1").toString()).build();
    ProviderJob job = p.submit(TestCall.create(), Wire.validated(r, spec)).get();
    assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
    RecordedRequest req = api.takeRequest();
    assertThat(req.getUrl().encodedPath()).isEqualTo("/v1/images/edits");
    return req;
  }

  @Test
  void severalImagesAreRepeatedImageArrayPartsWithNamesAndTypesThenTheMask() throws Exception {
    byte[] shoe = TestImages.png(1, 40, 50);
    byte[] bag = TestImages.jpeg(2, 30, 30);
    Path file = Files.write(dir.resolve("shoe.png"), shoe);
    Path mask = Files.write(dir.resolve("mask.png"), TestImages.png(3, 40, 50));
    RecordedRequest req = send(GenerationRequest.edit("gpt-image-1").prompt("Put both on a beach").numOutputs(2)
        .image(ImageInput.of(file)).image(ImageInput.of(bag, "bag.jpeg")).image(ImageInput.of(shoe, "third"))
        .parameter("quality", "medium").parameter("input_fidelity", "high").parameter("size", "1024x1536")
        .parameter("mask", mask.toString()).build(), OpenAiModels.GPT_IMAGE_1);
    List<Wire.Part> parts = Wire.parts(req);
    assertThat(parts).extracting(Wire.Part::disposition).containsExactly(
        "form-data; name=\"model\"", "form-data; name=\"prompt\"", "form-data; name=\"n\"", "form-data; name=\"size\"",
        "form-data; name=\"quality\"", "form-data; name=\"input_fidelity\"",
        "form-data; name=\"image[]\"; filename=\"shoe.png\"", "form-data; name=\"image[]\"; filename=\"bag.jpeg\"",
        "form-data; name=\"image[]\"; filename=\"third.png\"", "form-data; name=\"mask\"; filename=\"mask.png\"");
    assertThat(parts.subList(0, 6)).extracting(Wire.Part::text)
        .containsExactly("gpt-image-1", "Put both on a beach", "2", "1024x1536", "medium", "high");
    assertThat(parts.subList(0, 6)).extracting(Wire.Part::contentType).containsOnlyNulls();
    assertThat(parts.subList(6, 10)).extracting(Wire.Part::contentType).containsExactly("image/png", "image/jpeg", "image/png", "image/png");
    assertThat(parts.get(6).bytes()).isEqualTo(shoe);
    assertThat(parts.get(7).bytes()).isEqualTo(bag);
    assertThat(parts.get(8).bytes()).isEqualTo(shoe);
    assertThat(parts.get(9).bytes()).isEqualTo(Files.readAllBytes(mask));
  }

  @Test
  void oneImageIsAnImagePart() throws Exception {
    RecordedRequest req = send(GenerationRequest.edit("gpt-image-1-mini").prompt("p").image(ImageInput.of(TestImages.png(1, 8, 8), "a.png"))
        .outputFormat("jpeg").parameter("background", "opaque").parameter("output_compression", 70).build(), OpenAiModels.GPT_IMAGE_1_MINI);
    List<Wire.Part> parts = Wire.parts(req);
    assertThat(parts).extracting(Wire.Part::disposition).containsExactly("form-data; name=\"model\"", "form-data; name=\"prompt\"",
        "form-data; name=\"output_format\"", "form-data; name=\"background\"", "form-data; name=\"output_compression\"",
        "form-data; name=\"image\"; filename=\"a.png\"");
    assertThat(parts.subList(0, 5)).extracting(Wire.Part::text).containsExactly("gpt-image-1-mini", "p", "jpeg", "opaque", "70");
    assertThat(parts.get(5).contentType()).isEqualTo("image/png");
  }

  @Test
  void dallE2EditsOneSquarePngWithASize() throws Exception {
    RecordedRequest req = send(GenerationRequest.edit("dall-e-2").prompt("p").image(ImageInput.of(TestImages.png(1, 32, 32), "sq"))
        .parameter("size", "256x256").parameter("response_format", "b64_json").build(), OpenAiModels.DALL_E_2);
    List<Wire.Part> parts = Wire.parts(req);
    assertThat(parts).extracting(Wire.Part::disposition).containsExactly("form-data; name=\"model\"", "form-data; name=\"prompt\"",
        "form-data; name=\"size\"", "form-data; name=\"response_format\"", "form-data; name=\"image\"; filename=\"sq.png\"");
    assertThat(parts.get(0).text()).isEqualTo("dall-e-2");
  }
}
