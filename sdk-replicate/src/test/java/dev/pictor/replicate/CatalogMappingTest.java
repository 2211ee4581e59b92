package dev.pictor.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.ImageInput;
import dev.pictor.OutputSink;
import dev.pictor.TokenPool;
import dev.pictor.testkit.TestImages;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each of the 19 (action, model) pairs of the catalogue, through the real client: the common request
 * fields and provider parameters land under the model's own input names, on the right path.
 */
class CatalogMappingTest {
  static final String V64 = "b".repeat(64);
  static final String A = "https://example.com/a.png";
  static final String B = "https://example.com/b.png";

  @StartStop final MockWebServer api = new MockWebServer();
  @StartStop final MockWebServer cdn = new MockWebServer();
  @TempDir Path dir;

  @BeforeEach
  void answer() {
    byte[] png = TestImages.png(3, 8, 8);
    cdn.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        return Wire.image(png);
      }
    });
    api.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        if (r.getMethod().equals("GET")) return Wire.json(200, "{\"latest_version\":{\"id\":\"" + V64 + "\"}}");
        return Wire.json(201, Wire.prediction("p1", "succeeded", "\"" + cdn.url("/out.png") + "\""));
      }
    });
  }

  static Stream<Arguments> models() {
    return Stream.of(
        create("flux-schnell", "models/black-forest-labs/flux-schnell", GenerationRequest.create("flux-schnell").prompt("p")
            .aspectRatio("16:9").numOutputs(2).steps(4).seed(7).outputFormat("png").parameter("go_fast", false),
            "{\"prompt\":\"p\",\"aspect_ratio\":\"16:9\",\"num_outputs\":2,\"num_inference_steps\":4,\"seed\":7,"
                + "\"output_format\":\"png\",\"go_fast\":false}"),
        create("sdxl-lightning-4step", "predictions", GenerationRequest.create("sdxl-lightning-4step").prompt("p")
            .negativePrompt("blurry").size(1024, 1280).steps(4).guidance(1.5).seed(3).parameter("scheduler", "DDIM"),
            "{\"prompt\":\"p\",\"negative_prompt\":\"blurry\",\"width\":1024,\"height\":1280,\"num_inference_steps\":4,"
                + "\"guidance_scale\":1.5,\"seed\":3,\"scheduler\":\"DDIM\"}"),
        create("stable-diffusion", "models/stability-ai/stable-diffusion-3.5-large", GenerationRequest.create("stable-diffusion")
            .prompt("p").negativePrompt("n").aspectRatio("3:2").guidance(4.5).seed(1).outputFormat("jpg")
            .image(ImageInput.ofUrl(A)).parameter("prompt_strength", 0.6),
            "{\"prompt\":\"p\",\"image\":\"" + A + "\",\"negative_prompt\":\"n\",\"aspect_ratio\":\"3:2\",\"cfg\":4.5,"
                + "\"seed\":1,\"output_format\":\"jpg\",\"prompt_strength\":0.6}"),
        create("nano-banana", "models/google/nano-banana", GenerationRequest.create("nano-banana").prompt("p").aspectRatio("4:3")
            .outputFormat("png"), "{\"prompt\":\"p\",\"aspect_ratio\":\"4:3\",\"output_format\":\"png\"}"),
        create("seedream-4", "models/bytedance/seedream-4", GenerationRequest.create("seedream-4").prompt("p").size(2048, 1536)
            .parameter("enhance_prompt", false),
            "{\"prompt\":\"p\",\"width\":2048,\"height\":1536,\"enhance_prompt\":false,\"size\":\"custom\"}"),
        create("recraft-v3", "models/recraft-ai/recraft-v3", GenerationRequest.create("recraft-v3").prompt("p").aspectRatio("16:9")
            .parameter("style", "digital_illustration/pixel_art"),
            "{\"prompt\":\"p\",\"aspect_ratio\":\"16:9\",\"style\":\"digital_illustration/pixel_art\"}"),
        create("imagen-4", "models/google/imagen-4", GenerationRequest.create("imagen-4").prompt("p").aspectRatio("9:16")
            .outputFormat("png").parameter("safety_filter_level", "block_only_high"),
            "{\"prompt\":\"p\",\"aspect_ratio\":\"9:16\",\"output_format\":\"png\",\"safety_filter_level\":\"block_only_high\"}"),
        create("ideogram-v3-turbo", "models/ideogram-ai/ideogram-v3-turbo", GenerationRequest.create("ideogram-v3-turbo").prompt("p")
            .aspectRatio("16:10").seed(9).image(ImageInput.ofUrl(A)).parameter("magic_prompt_option", "Off"),
            "{\"prompt\":\"p\",\"style_reference_images\":[\"" + A + "\"],\"aspect_ratio\":\"16:10\",\"seed\":9,"
                + "\"magic_prompt_option\":\"Off\"}"),
        create("nano-banana (edit)", "models/google/nano-banana", GenerationRequest.edit("nano-banana").prompt("p")
            .image(ImageInput.ofUrl(A)).image(ImageInput.ofUrl(B)),
            "{\"prompt\":\"p\",\"image_input\":[\"" + A + "\",\"" + B + "\"]}"),
        create("seedream-4 (edit)", "models/bytedance/seedream-4", GenerationRequest.edit("seedream-4").prompt("p")
            .image(ImageInput.ofUrl(A)).parameter("aspect_ratio", "match_input_image").parameter("size", "4K"),
            "{\"prompt\":\"p\",\"image_input\":[\"" + A + "\"],\"aspect_ratio\":\"match_input_image\",\"size\":\"4K\"}"),
        create("flux-kontext-pro", "models/black-forest-labs/flux-kontext-pro", GenerationRequest.edit("flux-kontext-pro")
            .prompt("p").image(ImageInput.ofUrl(A)).aspectRatio("1:1").outputFormat("jpg").parameter("safety_tolerance", 1),
            "{\"prompt\":\"p\",\"input_image\":\"" + A + "\",\"aspect_ratio\":\"1:1\",\"output_format\":\"jpg\",\"safety_tolerance\":1}"),
        create("multi-image-kontext-pro", "models/flux-kontext-apps/multi-image-kontext-pro",
            GenerationRequest.edit("multi-image-kontext-pro").prompt("p").image(ImageInput.ofUrl(A)).image(ImageInput.ofUrl(B)).seed(5),
            "{\"prompt\":\"p\",\"input_image_1\":\"" + A + "\",\"input_image_2\":\"" + B + "\",\"seed\":5}"),
        create("flux-fill-pro", "models/black-forest-labs/flux-fill-pro", GenerationRequest.edit("flux-fill-pro").prompt("p")
            .image(ImageInput.ofUrl(A)).image(ImageInput.ofUrl(B)).steps(30).guidance(2.5),
            "{\"prompt\":\"p\",\"image\":\"" + A + "\",\"mask\":\"" + B + "\",\"steps\":30,\"guidance\":2.5}"),
        create("real-esrgan", "predictions", GenerationRequest.upscale("real-esrgan").image(ImageInput.ofUrl(A)).upscaleFactor(2)
            .parameter("face_enhance", true), "{\"image\":\"" + A + "\",\"scale\":2,\"face_enhance\":true}"),
        create("clarity-upscaler", "predictions", GenerationRequest.upscale("clarity-upscaler").prompt("sharp").image(ImageInput.ofUrl(A))
            .upscaleFactor(2).steps(20), "{\"prompt\":\"sharp\",\"image\":\"" + A + "\",\"num_inference_steps\":20,\"scale_factor\":2}"),
        create("recraft-crisp-upscale", "models/recraft-ai/recraft-crisp-upscale", GenerationRequest.upscale("recraft-crisp-upscale")
            .image(ImageInput.ofUrl(A)), "{\"image\":\"" + A + "\"}"),
        create("background-remover", "predictions", GenerationRequest.removeBackground("background-remover").image(ImageInput.ofUrl(A))
            .outputFormat("png").parameter("threshold", 0.5), "{\"image\":\"" + A + "\",\"format\":\"png\",\"threshold\":0.5}"),
        create("birefnet", "predictions", GenerationRequest.removeBackground("birefnet").image(ImageInput.ofUrl(A))
            .parameter("resolution", "1024x1024"), "{\"image\":\"" + A + "\",\"resolution\":\"1024x1024\"}"),
        create("bria-remove-background", "models/bria/remove-background", GenerationRequest.removeBackground("bria-remove-background")
            .image(ImageInput.ofUrl(A)).parameter("content_moderation", true), "{\"image\":\"" + A + "\",\"content_moderation\":true}"));
  }

  private static Arguments create(String name, String path, GenerationRequest.Builder request, String input) {
    return Arguments.of(name, path, request.build(), input);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void commonFieldsAndParametersMapOntoTheModelsOwnInputs(String name, String path, GenerationRequest request, String input)
      throws Exception {
    ReplicateProvider provider = ReplicateProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v1").toString()).build();
    try (GenerationClient client = GenerationClient.builder().provider(provider).outputs(OutputSink.files(dir)).build()) {
      GenerationResult r = client.generateAsync(request).get(10, TimeUnit.SECONDS);
      assertThat(r.images()).hasSize(1);
    }
    RecordedRequest create = api.takeRequest();
    while (!create.getMethod().equals("POST")) {
      assertThat(create.getUrl().encodedPath()).startsWith("/v1/models/");
      create = api.takeRequest();
    }
    assertThat(create.getUrl().encodedPath()).isEqualTo("/v1/" + path + (path.startsWith("models/") ? "/predictions" : ""));
    Map<String, Object> body = Wire.body(create);
    assertThat(body.get("input")).isEqualTo(Wire.parse(input));
    if (path.equals("predictions")) assertThat(body.get("version")).isIn(V64, ReplicateModelsTest.SDXL_VERSION);
    else assertThat(body).doesNotContainKey("version");
  }
}
