package dev.pictor.replicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import dev.pictor.JobQuery;
import dev.pictor.OutputSink;
import dev.pictor.TokenPool;
import dev.pictor.testkit.TestImages;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.function.Consumer;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of the malformed corpus ({@link HostileImages}), given as a file and as bytes, to
 * {@code validate} and to {@code submit}, is refused with an {@link InvalidRequestException} naming
 * the input and what is allowed, through the real Replicate provider, and the API hears nothing.
 */
class MalformedInputsTest {
  @StartStop final MockWebServer api = new MockWebServer();
  @TempDir Path dir;
  private GenerationClient client;

  @BeforeEach
  void setUp() {
    ReplicateProvider p = ReplicateProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v1").toString()).build();
    client = GenerationClient.builder().provider(p).outputs(OutputSink.files(dir.resolve("out"))).build();
  }

  @AfterEach
  void nothingWasSentOrStored() {
    assertThat(client.jobs(JobQuery.all())).isEmpty();
    client.close();
    assertThat(api.getRequestCount()).isZero();
  }

  static Collection<HostileImages.Case> corpus() {
    return HostileImages.corpus().values();
  }

  private static GenerationRequest edit(ImageInput image) {
    return GenerationRequest.edit("flux-kontext-pro").prompt("put it on a white background").image(image).build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void eachMalformedFileGetsATypedErrorNamingItBeforeAnyNetworkCall(HostileImages.Case c) throws Exception {
    Path file = Files.write(dir.resolve(c.name()), c.bytes());
    String expected = "images[0] (" + c.name() + ") " + c.refusal();
    for (ImageInput input : new ImageInput[] {ImageInput.of(file), ImageInput.of(c.bytes(), c.name())}) {
      for (Consumer<GenerationRequest> call : java.util.List.<Consumer<GenerationRequest>>of(client::validate, client::submit)) {
        assertThatThrownBy(() -> call.accept(edit(input)))
            .isExactlyInstanceOf(InvalidRequestException.class)
            .hasMessage(expected)
            .satisfies(e -> assertThat(((InvalidRequestException) e).field()).contains("images[0]"));
      }
    }
  }

  @Test
  void wholeImagesOfTheSameKindsPass() throws Exception {
    Path png = Files.write(dir.resolve("ok.png"), TestImages.png(12, 64, 48));
    client.validate(edit(ImageInput.of(png)));
    client.validate(edit(ImageInput.of(TestImages.jpeg(11, 64, 48), "ok.jpg")));
    client.validate(edit(ImageInput.of(HostileImages.pngDeclaring(16_384, 16_384), "largest-allowed.png")));
  }

  @Test
  void aHugeDeclaredSizeIsRefusedFromTheHeaderAloneWithoutAllocatingForIt() {
    // Decoding 100000 x 100000 RGB would need 30 GB; the refusal must cost next to nothing.
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    byte[] huge = HostileImages.pngDeclaring(100_000, 100_000);
    ImageInput input = ImageInput.of(huge, "huge.png");
    client.validate(edit(ImageInput.of(TestImages.png(12, 64, 48), "warm-up.png"))); // loads what validation needs
    long before = threads.getCurrentThreadAllocatedBytes();
    assertThatThrownBy(() -> client.validate(edit(input))).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("100000 x 100000 pixels");
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(huge).hasSizeLessThan(100);
    assertThat(allocated).as("bytes allocated to refuse it").isLessThan(4L * 1024 * 1024);
  }
}
