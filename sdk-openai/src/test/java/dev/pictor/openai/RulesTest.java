package dev.pictor.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pictor.GenerationRequest;
import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import dev.pictor.ModelSpec;
import dev.pictor.testkit.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every model's rules, checked before anything is sent: single-parameter rules by the catalogue's
 * {@code ParameterSpec}s, rules that span parameters by the provider. No request reaches the server.
 */
class RulesTest {
  @StartStop final MockWebServer api = new MockWebServer();
  @TempDir Path dir;

  private OpenAiProvider provider() {
    return OpenAiProvider.builder().apiKey(TestCall.TOKEN).baseUrl(api.url("/v1").toString()).build();
  }

  @AfterEach
  void nothingWasSent() {
    assertThat(api.getRequestCount()).isZero();
  }

  /** The provider's verdict on a request the core's own checks passed; also through submit, which must fail the same way. */
  private InvalidRequestException refused(GenerationRequest.Builder r, ModelSpec spec) throws Exception {
    var request = Wire.validated(r.build(), spec);
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> provider().validate(request));
    assertThat(e).as("refused").isNotNull();
    assertThatThrownBy(() -> provider().submit(TestCall.create(), request).get()).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(InvalidRequestException.class).hasMessage(e.getMessage());
    return e;
  }

  /** What the catalogue's parameter specs say, as the core checks them. */
  private static InvalidRequestException specRefused(GenerationRequest.Builder r, ModelSpec spec) {
    return catchThrowableOfType(InvalidRequestException.class, () -> Wire.validated(r.build(), spec));
  }

  private static GenerationRequest.Builder create(ModelSpec spec) {
    return GenerationRequest.create(spec.id()).prompt("p");
  }

  private static void accepted(GenerationRequest.Builder r, ModelSpec spec) {
    OpenAiProvider.builder().apiKey("k").build().validate(Wire.validated(r.build(), spec));
  }

  @Test
  void standardSizesPerModel() {
    for (String s : new String[] {"1024x1024", "1536x1024", "1024x1536", "auto"}) {
      accepted(create(OpenAiModels.GPT_IMAGE_1).parameter("size", s), OpenAiModels.GPT_IMAGE_1);
      accepted(create(OpenAiModels.GPT_IMAGE_1_MINI).parameter("size", s), OpenAiModels.GPT_IMAGE_1_MINI);
      accepted(create(OpenAiModels.GPT_IMAGE_1_5).parameter("size", s), OpenAiModels.GPT_IMAGE_1_5);
      accepted(create(OpenAiModels.GPT_IMAGE_2).parameter("size", s), OpenAiModels.GPT_IMAGE_2);
    }
    for (String s : new String[] {"1024x1024", "1792x1024", "1024x1792"}) accepted(create(OpenAiModels.DALL_E_3).parameter("size", s), OpenAiModels.DALL_E_3);
    for (String s : new String[] {"256x256", "512x512", "1024x1024"}) accepted(create(OpenAiModels.DALL_E_2).parameter("size", s), OpenAiModels.DALL_E_2);
    assertThat(specRefused(create(OpenAiModels.GPT_IMAGE_1).parameter("size", "1792x1024"), OpenAiModels.GPT_IMAGE_1))
        .hasMessage("size = 1792x1024 is not allowed for model gpt-image-1: expected one of [1024x1024, 1536x1024, 1024x1536, auto]");
    assertThat(specRefused(create(OpenAiModels.DALL_E_3).parameter("size", "auto"), OpenAiModels.DALL_E_3)).isNotNull();
    assertThat(specRefused(create(OpenAiModels.DALL_E_2).parameter("size", "1536x1024"), OpenAiModels.DALL_E_2)).isNotNull();
  }

  @Test
  void widthAndHeightMustBeAStandardSizeExceptOnGptImage2() throws Exception {
    accepted(create(OpenAiModels.GPT_IMAGE_1).size(1024, 1536), OpenAiModels.GPT_IMAGE_1);
    accepted(create(OpenAiModels.DALL_E_3).size(1792, 1024), OpenAiModels.DALL_E_3);
    assertThat(refused(create(OpenAiModels.GPT_IMAGE_1).size(1088, 1360), OpenAiModels.GPT_IMAGE_1))
        .hasMessage("size 1088x1360 is not allowed for model gpt-image-1: it makes 1024x1024, 1536x1024, 1024x1536; for another"
            + " shape give an aspectRatio (Pictor cuts it from the nearest size), or use gpt-image-2 (any WxH)")
        .extracting(e -> e.field().orElseThrow()).isEqualTo("size");
    accepted(create(OpenAiModels.GPT_IMAGE_2).size(1088, 1360), OpenAiModels.GPT_IMAGE_2);
    accepted(create(OpenAiModels.GPT_IMAGE_2).size(3840, 2160), OpenAiModels.GPT_IMAGE_2);
    accepted(create(OpenAiModels.GPT_IMAGE_2).parameter("size", "2160x3840"), OpenAiModels.GPT_IMAGE_2);
    assertThat(refused(create(OpenAiModels.GPT_IMAGE_2).size(1000, 1000), OpenAiModels.GPT_IMAGE_2))
        .hasMessage("size 1000x1000 is not allowed for model gpt-image-2: both sides must be multiples of 16");
    assertThat(refused(create(OpenAiModels.GPT_IMAGE_2).parameter("size", "3840x2176"), OpenAiModels.GPT_IMAGE_2))
        .hasMessage("size 3840x2176 is not allowed for model gpt-image-2: it must fit within 3840x2160 (either way round)");
    assertThat(refused(create(OpenAiModels.GPT_IMAGE_2).size(2048, 672), OpenAiModels.GPT_IMAGE_2))
        .hasMessage("size 2048x672 is not allowed for model gpt-image-2: its ratio must be between 1:3 and 3:1");
    assertThat(refused(create(OpenAiModels.GPT_IMAGE_2).parameter("size", "big"), OpenAiModels.GPT_IMAGE_2))
        .hasMessage("size = big is not allowed for model gpt-image-2: expected auto or WxH, such as 1088x1360");
  }

  @Test
  void sizeRatioAndWidthHeightAreExclusive() throws Exception {
    assertThat(refused(create(OpenAiModels.GPT_IMAGE_1).aspectRatio("4:5").parameter("size", "1024x1024"), OpenAiModels.GPT_IMAGE_1))
        .hasMessage("give one of size, aspectRatio, or width and height; got size 1024x1024, aspectRatio 4:5");
  }

  @Test
  void ratiosGptImage2CannotMakeAreRefused() throws Exception {
    assertThat(refused(create(OpenAiModels.GPT_IMAGE_2).aspectRatio("4:1"), OpenAiModels.GPT_IMAGE_2))
        .hasMessage("aspectRatio = 4:1: gpt-image-2 cannot make 4:1 exactly: it takes ratios from 1:3 to 3:1 with both sides"
            + " multiples of 16 within 3840x2160")
        .extracting(e -> e.field().orElseThrow()).isEqualTo("aspectRatio");
    assertThat(refused(create(OpenAiModels.GPT_IMAGE_1).aspectRatio("1:40"), OpenAiModels.GPT_IMAGE_1))
        .hasMessage("aspectRatio = 1:40: 1:40 cut from 1024x1536 would be 38x1520; ratios that leave less than 64 pixels on a side are refused");
  }

  @Test
  void outputCountsPerModel() throws Exception {
    accepted(create(OpenAiModels.GPT_IMAGE_1).numOutputs(10), OpenAiModels.GPT_IMAGE_1);
    accepted(create(OpenAiModels.DALL_E_2).numOutputs(10), OpenAiModels.DALL_E_2);
    assertThat(specRefused(create(OpenAiModels.GPT_IMAGE_1).numOutputs(11), OpenAiModels.GPT_IMAGE_1))
        .hasMessage("numOutputs = 11 is not allowed for model gpt-image-1: expected an integer from 1 to 10");
    assertThat(refused(create(OpenAiModels.DALL_E_3).numOutputs(2), OpenAiModels.DALL_E_3))
        .hasMessage("dall-e-3 makes one image per request (n = 1); got 2: submit several jobs, or use a gpt-image model (up to 10)")
        .extracting(e -> e.field().orElseThrow()).isEqualTo("numOutputs");
  }

  @Test
  void qualityValuesPerModel() {
    accepted(create(OpenAiModels.GPT_IMAGE_1).parameter("quality", "low"), OpenAiModels.GPT_IMAGE_1);
    accepted(create(OpenAiModels.DALL_E_3).parameter("quality", "hd"), OpenAiModels.DALL_E_3);
    assertThat(specRefused(create(OpenAiModels.GPT_IMAGE_1).parameter("quality", "hd"), OpenAiModels.GPT_IMAGE_1)).isNotNull();
    assertThat(specRefused(create(OpenAiModels.DALL_E_3).parameter("quality", "high"), OpenAiModels.DALL_E_3)).isNotNull();
    assertThat(specRefused(create(OpenAiModels.DALL_E_2).parameter("quality", "hd"), OpenAiModels.DALL_E_2))
        .hasMessage("quality = hd is not allowed for model dall-e-2: expected one of [standard]");
  }

  @Test
  void fieldsOnlySomeModelsTake() {
    assertThat(OpenAiModels.DALL_E_3.parameters()).containsKeys("style", "response_format").doesNotContainKeys("background", "mask");
    assertThat(OpenAiModels.DALL_E_2.parameters()).containsKeys("response_format", "mask").doesNotContainKeys("style", "output_format");
    assertThat(OpenAiModels.GPT_IMAGE_1.parameters()).containsKeys("background", "output_format", "output_compression", "moderation",
        "input_fidelity", "mask").doesNotContainKeys("style", "response_format");
    assertThat(OpenAiModels.GPT_IMAGE_1_MINI.parameters()).doesNotContainKey("input_fidelity");
    assertThat(OpenAiModels.GPT_IMAGE_1_5.parameters()).containsKey("input_fidelity");
    assertThat(OpenAiModels.GPT_IMAGE_2.parameters()).containsKey("input_fidelity");
    assertThat(OpenAiModels.DALL_E_3.actions()).containsExactly(dev.pictor.Action.CREATE);
    assertThat(OpenAiModels.DALL_E_3.binding(dev.pictor.CommonParameter.OUTPUT_FORMAT)).isEmpty();
    assertThat(OpenAiModels.GPT_IMAGE_1.maxInputImages()).isEqualTo(16);
    assertThat(OpenAiModels.GPT_IMAGE_1.maxPromptLength()).isEqualTo(32_000);
    assertThat(OpenAiModels.DALL_E_3.maxPromptLength()).isEqualTo(4000);
    assertThat(OpenAiModels.DALL_E_2.maxPromptLength()).isEqualTo(1000);
    assertThat(OpenAiModels.DALL_E_2.maxInputBytes()).isEqualTo(4L * 1024 * 1024);
  }

  @Test
  void rulesThatSpanParameters() throws Exception {
    ModelSpec gpt = OpenAiModels.GPT_IMAGE_1;
    assertThat(refused(create(gpt).outputFormat("jpeg").parameter("background", "transparent"), gpt))
        .hasMessage("background = transparent needs output_format png or webp; got jpeg");
    accepted(create(gpt).outputFormat("webp").parameter("background", "transparent"), gpt);
    accepted(create(gpt).parameter("background", "transparent"), gpt); // png by default
    assertThat(refused(create(gpt).parameter("output_compression", 50), gpt))
        .hasMessage("output_compression applies to jpeg and webp; output_format is png");
    accepted(create(gpt).outputFormat("jpeg").parameter("output_compression", 50), gpt);
    assertThat(refused(create(gpt).parameter("input_fidelity", "high"), gpt)).hasMessage("input_fidelity applies to edits only");
    assertThat(refused(GenerationRequest.edit(gpt.id()).prompt("p").image(ImageInput.of(TestImages.png(1, 8, 8), "a.png"))
        .parameter("moderation", "low"), gpt)).hasMessage("moderation applies to generations only, not to edits");
    assertThat(refused(create(gpt).parameter("mask", "m.png"), gpt)).hasMessage("a mask applies to edits only");
    assertThat(refused(create(gpt).image(ImageInput.of(TestImages.png(1, 8, 8), "a.png")), gpt))
        .hasMessage("create takes no input images; use GenerationRequest.edit(...) to edit them");
    assertThat(refused(create(gpt).aspectRatio("4:5").outputFormat("webp"), gpt))
        .hasMessage("4:5 is cut by Pictor from 1024x1536, which decodes and re-encodes the image: ask for png or jpeg, or use"
            + " gpt-image-2, which makes 4:5 exactly");
    accepted(create(OpenAiModels.GPT_IMAGE_2).aspectRatio("4:5").outputFormat("webp"), OpenAiModels.GPT_IMAGE_2);
    assertThat(refused(create(OpenAiModels.DALL_E_3).aspectRatio("9:16").parameter("response_format", "url"), OpenAiModels.DALL_E_3))
        .hasMessage("9:16 on dall-e-3 is cut by Pictor from 1024x1792, which needs the image's bytes: set response_format b64_json,"
            + " or leave it unset");
  }

  @Test
  void editInputsMustBeLocalFilesAndDallE2TakesOneSquarePng() throws Exception {
    assertThat(refused(GenerationRequest.edit("gpt-image-1").prompt("p").image(ImageInput.ofUrl("https://cdn.example.com/a.png")),
        OpenAiModels.GPT_IMAGE_1))
        .hasMessage("images[0] (a.png) is a URL; OpenAI's edits take image files: pass ImageInput.of(path) or ImageInput.of(bytes, name)");
    assertThat(refused(GenerationRequest.edit("dall-e-2").prompt("p").image(ImageInput.of(TestImages.png(1, 20, 10), "wide.png")),
        OpenAiModels.DALL_E_2)).hasMessage("dall-e-2 edits take one square PNG; images[0] (wide.png) is a 20x10 PNG");
    assertThat(refused(GenerationRequest.edit("dall-e-2").prompt("p").image(ImageInput.of(TestImages.jpeg(1, 16, 16), "sq.jpg")),
        OpenAiModels.DALL_E_2)).hasMessage("dall-e-2 edits take one square PNG; images[0] (sq.jpg) is a 16x16 JPEG");
  }

  @Test
  void aMaskMustBeAPngFileTheSizeOfTheFirstImage() throws Exception {
    ImageInput image = ImageInput.of(TestImages.png(1, 40, 50), "a.png");
    Path small = Files.write(dir.resolve("small.png"), TestImages.png(2, 40, 40));
    Path jpeg = Files.write(dir.resolve("mask.jpg"), TestImages.jpeg(2, 40, 50));
    assertThat(refused(GenerationRequest.edit("gpt-image-1").prompt("p").image(image).parameter("mask", small.toString()), OpenAiModels.GPT_IMAGE_1))
        .hasMessage("the mask must be the size of images[0] (40x50); " + small + " is 40x40");
    assertThat(refused(GenerationRequest.edit("gpt-image-1").prompt("p").image(image).parameter("mask", jpeg.toString()), OpenAiModels.GPT_IMAGE_1))
        .hasMessage("the mask must be a PNG; " + jpeg + " is JPEG");
    assertThat(refused(GenerationRequest.edit("gpt-image-1").prompt("p").image(image).parameter("mask", dir.resolve("none.png").toString()),
        OpenAiModels.GPT_IMAGE_1)).hasMessage("mask: no such file " + dir.resolve("none.png"));
  }
}
