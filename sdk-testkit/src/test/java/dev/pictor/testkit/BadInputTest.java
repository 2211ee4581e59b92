package dev.pictor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import dev.pictor.OutputSink;
import dev.pictor.TokenPool;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input is refused with a typed exception naming what was wrong, and nothing reaches the provider. */
class BadInputTest {
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-05-01T12:00:00Z"));
  private FakeProvider fake;
  private GenerationClient client;
  private Path png;

  @BeforeEach
  void setUp() throws Exception {
    fake = FakeProvider.create();
    client = GenerationClient.builder().provider(fake).scheduler(clock).outputs(OutputSink.files(dir.resolve("out"))).build();
    png = Files.write(dir.resolve("photo.png"), TestImages.png(1, 32, 32));
  }

  @AfterEach
  void tearDown() {
    client.close();
    // The point of every case: the provider never saw a single call.
    assertThat(fake.calls()).isZero();
  }

  private static GenerationRequest.Builder create() {
    return GenerationRequest.create(FakeProvider.MODEL).prompt("a red cube");
  }

  private void refused(ThrowingCallable call, String field, String message) {
    assertThatThrownBy(call)
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).contains(field));
  }

  private void refused(GenerationRequest.Builder request, String field, String message) {
    refused(() -> client.submit(request.build()), field, message);
  }

  @Test
  void validateChecksWithoutStoringOrSending() {
    client.validate(create().steps(20).build());
    refused(() -> client.validate(create().steps(0).build()), "steps",
        "steps = 0 is not allowed for model sandbox-image: expected an integer from 1 to 50");
    assertThat(client.jobs(dev.pictor.JobQuery.all())).isEmpty();
  }

  @Test
  void unknownModelListsTheClosest() {
    refused(GenerationRequest.create("sandbox-imag").prompt("x"), "model",
        "unknown model 'sandbox-imag' for provider sandbox; closest known: sandbox-image, sandbox-fast");
  }

  @Test
  void missingModel() {
    refused(() -> GenerationRequest.create(" ").build(), "model", "model is required: name a model id from the provider's catalogue");
  }

  @Test
  void unknownProvider() {
    refused(create().provider("replicate"), "provider", "provider 'replicate' is not configured; configured: [sandbox]");
  }

  @Test
  void actionTheModelDoesNotSupport() {
    refused(GenerationRequest.upscale(FakeProvider.FAST_MODEL).image(ImageInput.of(png)), "action",
        "model sandbox-fast does not support upscale; it supports: create");
  }

  @Test
  void missingAndBlankPrompt() {
    refused(GenerationRequest.create(FakeProvider.MODEL), "prompt", "prompt is required for create with model sandbox-image");
    refused(GenerationRequest.create(FakeProvider.MODEL).prompt("   "), "prompt", "prompt is required for create with model sandbox-image");
  }

  @Test
  void promptTooLong() {
    refused(GenerationRequest.create(FakeProvider.FAST_MODEL).prompt("x".repeat(201)), "prompt",
        "prompt is 201 characters; model sandbox-fast allows at most 200");
  }

  @Test
  void imageCounts() {
    refused(GenerationRequest.edit(FakeProvider.MODEL).prompt("white background"), "images", "edit needs an input image; got none");
    GenerationRequest.Builder five = GenerationRequest.edit(FakeProvider.MODEL).prompt("merge");
    for (int i = 0; i < 5; i++) five.image(ImageInput.of(png));
    refused(five, "images", "model sandbox-image takes 0 to 4 input images for edit; got 5");
    refused(GenerationRequest.upscale(FakeProvider.MODEL).image(ImageInput.of(png)).image(ImageInput.of(png)), "images",
        "upscale takes exactly 1 input image; got 2");
  }

  @Test
  void imageFormatsByMagicBytes() throws Exception {
    Path gif = dir.resolve("anim.gif");
    ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "gif", gif.toFile());
    refused(GenerationRequest.edit(FakeProvider.MODEL).prompt("p").image(ImageInput.of(gif)), "images[0]",
        "images[0] (anim.gif) is GIF; allowed formats: JPEG, PNG, WEBP");
    // A PNG by name only: the bytes decide.
    Path fake = Files.writeString(dir.resolve("notes.png"), "just some text, not an image");
    refused(GenerationRequest.edit(FakeProvider.MODEL).prompt("p").image(ImageInput.of(png)).image(ImageInput.of(fake)), "images[1]",
        "images[1] (notes.png) is not an image Pictor recognises; allowed formats: JPEG, PNG, WEBP");
  }

  @Test
  void missingEmptyAndTruncatedFiles() throws Exception {
    Path missing = dir.resolve("nope.jpg");
    refused(GenerationRequest.upscale(FakeProvider.MODEL).image(ImageInput.of(missing)), "images[0]",
        "images[0] (nope.jpg): no such file " + missing);
    Path empty = Files.write(dir.resolve("empty.png"), new byte[0]);
    refused(GenerationRequest.upscale(FakeProvider.MODEL).image(ImageInput.of(empty)), "images[0]", "images[0] (empty.png) is empty");
    byte[] jpeg = TestImages.jpeg(3, 40, 30);
    Path cut = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(jpeg, 40));
    refused(GenerationRequest.upscale(FakeProvider.MODEL).image(ImageInput.of(cut)), "images[0]",
        "images[0] (cut.jpg) cannot be read: image header ends early");
  }

  @Test
  void imageTooLarge() throws Exception {
    byte[] big = Arrays.copyOf(TestImages.png(1, 16, 16), 11 * 1024 * 1024);
    refused(GenerationRequest.upscale(FakeProvider.MODEL).image(ImageInput.of(big, "big.png")), "images[0]",
        "images[0] (big.png) is 11.0 MB; model sandbox-image accepts images up to 10.0 MB");
  }

  @Test
  void imageUrlMustBeHttp() {
    refused(() -> ImageInput.ofUrl("ftp://example.com/a.png"), "images", "image URL 'ftp://example.com/a.png' must be http or https with a host");
  }

  @Test
  void numericRanges() {
    refused(create().steps(0), "steps", "steps = 0 is not allowed for model sandbox-image: expected an integer from 1 to 50");
    refused(create().guidance(11.5), "guidance", "guidance = 11.5 is not allowed for model sandbox-image: expected a number from 0 to 10");
    refused(create().numOutputs(5), "numOutputs", "numOutputs = 5 is not allowed for model sandbox-image: expected an integer from 1 to 4");
    refused(create().seed(-1), "seed", "seed = -1 is not allowed for model sandbox-image: expected an integer from 0 to 4294967295");
    refused(create().size(100, 512), "width", "width = 100 is not allowed for model sandbox-image: expected an integer from 256 to 2048");
  }

  @Test
  void aspectRatios() {
    refused(create().aspectRatio("16x9"), "aspectRatio", "aspectRatio = 16x9 is not a ratio: expected two positive whole numbers such as 16:9");
    refused(create().aspectRatio("7:5"), "aspectRatio",
        "aspectRatio = 7:5 is not allowed for model sandbox-image: expected one of [1:1, 16:9, 9:16, 4:3, 3:4, 4:5, 5:4, 2:3, 3:2, 21:9]");
    refused(create().aspectRatio("1:1").size(512, 512), "aspectRatio", "give an aspect ratio or a width and height, not both");
  }

  @Test
  void enumsAndProviderParameters() {
    refused(create().outputFormat("tiff"), "outputFormat", "outputFormat = tiff is not allowed for model sandbox-image: expected one of [png, webp, jpg]");
    refused(create().parameter("colour", "red"), "colour",
        "unknown parameter 'colour' for model sandbox-image; it takes: negative_prompt, seed, steps, guidance, num_outputs, "
            + "aspect_ratio, width, height, output_format, scale, style, safety_checker");
    refused(create().parameter("style", 42), "style", "style = 42 is not allowed for model sandbox-image: expected one of [photo, illustration, studio]");
    refused(create().parameter("safety_checker", "maybe"), "safety_checker",
        "safety_checker = maybe is not allowed for model sandbox-image: expected true or false");
    refused(create().seed(1).parameter("seed", 2), "seed", "parameter 'seed' is given twice: as a request field and as a parameter");
    refused(GenerationRequest.create(FakeProvider.FAST_MODEL).prompt("p").steps(10), "steps", "model sandbox-fast does not take steps (given 10)");
  }

  @Test
  void deadlinesAndTimeouts() {
    refused(create().deadline(clock.now().minusSeconds(1)), "deadline",
        "deadline 2026-05-01T11:59:59Z is not in the future (now 2026-05-01T12:00:00Z)");
    refused(() -> create().timeout(Duration.ofSeconds(-1)).build(), "timeout", "timeout = PT-1S must be positive");
  }

  @Test
  void duplicateAndMissingTokens() {
    refused(() -> TokenPool.of("r8_aaaaaaaaaaaaaaaaaaaaaaaa", "r8_aaaaaaaaaaaaaaaaaaaaaaaa"), "tokens",
        "token #2 (number 2) repeats token #1; each token may be added once");
    refused(() -> TokenPool.of("r8_aaaaaaaaaaaaaaaaaaaaaaaa", " "), "tokens", "token #2 (number 2) is empty");
  }
}
