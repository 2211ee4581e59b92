package dev.pictor.replicate;

import static dev.pictor.replicate.Wire.json;
import static dev.pictor.replicate.Wire.prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationRequest;
import dev.pictor.ImageInput;
import dev.pictor.ProviderException;
import dev.pictor.TokenPool;
import dev.pictor.spi.ProviderRequest;
import dev.pictor.testkit.ManualClock;
import dev.pictor.testkit.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs above 256 KB go through {@code POST /files} and are passed by URL; smaller ones go inline. */
class FilesUploadTest {
  @StartStop final MockWebServer api = new MockWebServer();
  @TempDir Path dir;

  private ReplicateProvider provider() {
    return ReplicateProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v1").toString()).build();
  }

  /** A real PNG header followed by padding: {@code size} bytes in all. */
  static byte[] bigPng(int size) {
    byte[] png = TestImages.png(2, 16, 16);
    byte[] out = new byte[size];
    System.arraycopy(png, 0, out, 0, png.length);
    return out;
  }

  private static String fileAnswer(String id) {
    return "{\"id\":\"" + id + "\",\"content_type\":\"image/png\",\"size\":300000,\"urls\":{\"get\":\"https://api.replicate.com/v1/files/"
        + id + "\"}}";
  }

  @Test
  void anImageAbove256KbIsUploadedAsMultipartAndPassedByUrl() throws Exception {
    Path big = dir.resolve("big photo.png");
    Files.write(big, bigPng(300_000));
    api.enqueue(json(201, fileAnswer("f1")));
    api.enqueue(json(201, prediction("p1", "starting", "null")));
    GenerationRequest r = GenerationRequest.edit("flux-kontext-pro").prompt("blue").image(ImageInput.of(big)).build();
    ReplicateProvider p = provider();
    p.submit(TestCall.of(new ManualClock()), new ProviderRequest("j1", r, p.resolveModel("flux-kontext-pro").orElseThrow(),
        Map.of(), null)).get();

    RecordedRequest upload = api.takeRequest();
    assertThat(upload.getMethod()).isEqualTo("POST");
    assertThat(upload.getUrl().encodedPath()).isEqualTo("/v1/files");
    assertThat(upload.getHeaders().get("Authorization")).isEqualTo("Bearer " + TestCall.TOKEN);
    assertThat(upload.getHeaders().get("Content-Type")).startsWith("multipart/form-data; boundary=");
    String multipart = upload.getBody().string(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(multipart).contains("Content-Disposition: form-data; name=\"content\"; filename=\"big_photo.png\"")
        .contains("Content-Type: image/png")
        .contains("Content-Disposition: form-data; name=\"filename\"")
        .contains("Content-Disposition: form-data; name=\"type\"");
    assertThat(upload.getBodySize()).isGreaterThan(300_000);

    RecordedRequest create = api.takeRequest();
    assertThat(Wire.input(create)).isEqualTo(Map.of("prompt", "blue", "input_image", "https://api.replicate.com/v1/files/f1"));
  }

  @Test
  void urlsStayUrlsSmallImagesGoInlineAndLargeOnesAreUploadedInOrder() throws Exception {
    byte[] small = TestImages.png(4, 8, 8);
    api.enqueue(json(201, fileAnswer("f2")));
    api.enqueue(json(201, prediction("p2", "starting", "null")));
    GenerationRequest r = GenerationRequest.edit("nano-banana").prompt("combine")
        .image(ImageInput.ofUrl("https://example.com/a.png"))
        .image(ImageInput.of(small, "small.png"))
        .image(ImageInput.of(bigPng(262_145), "big.png")).build();
    ReplicateProvider p = provider();
    p.submit(TestCall.of(new ManualClock()), new ProviderRequest("j2", r, p.resolveModel("nano-banana").orElseThrow(),
        Map.of(), null)).get();

    assertThat(api.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/files");
    assertThat(Wire.input(api.takeRequest()).get("image_input")).isEqualTo(List.of("https://example.com/a.png",
        "data:image/png;base64," + Base64.getEncoder().encodeToString(small), "https://api.replicate.com/v1/files/f2"));
  }

  @Test
  void aFailedUploadFailsTheCreateAsNeverSentSoTheCoreMayRetryIt() throws Exception {
    api.enqueue(new mockwebserver3.MockResponse.Builder().code(500).body("oops").build());
    GenerationRequest r = GenerationRequest.edit("flux-kontext-pro").prompt("blue").image(ImageInput.of(bigPng(300_000), "b.png")).build();
    ReplicateProvider p = provider();
    assertThatThrownBy(() -> p.submit(TestCall.of(new ManualClock()), new ProviderRequest("j3", r,
        p.resolveModel("flux-kontext-pro").orElseThrow(), Map.of(), null)).get())
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ProviderException.class)
        .satisfies(e -> assertThat(((ProviderException) e).reachedProvider()).isEqualTo(ProviderException.Reach.NOT_REACHED))
        .hasMessageContaining("before the create was sent");
    assertThat(api.getRequestCount()).isEqualTo(1);
  }
}
