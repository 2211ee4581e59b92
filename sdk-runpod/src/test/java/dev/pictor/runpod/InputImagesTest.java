package dev.pictor.runpod;

import static dev.pictor.runpod.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationRequest;
import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import dev.pictor.ProviderException;
import dev.pictor.TokenPool;
import dev.pictor.spi.InputUploader;
import dev.pictor.spi.ProviderRequest;
import dev.pictor.testkit.ManualClock;
import dev.pictor.testkit.TestImages;
import java.io.IOException;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** Input images: URLs as they are, local ones through the host's uploader or inline, and neither refused before any call. */
class InputImagesTest {
  static final byte[] PNG = TestImages.png(1, 16, 16);

  @StartStop final MockWebServer api = new MockWebServer();
  final List<String> uploads = new CopyOnWriteArrayList<>();

  private RunPodProvider.Builder builder() {
    return RunPodProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v2").toString());
  }

  private Map<String, Object> send(RunPodProvider p, String model, ImageInput image) throws Exception {
    api.enqueue(json(200, Wire.job("sync-1", "IN_QUEUE", null)));
    GenerationRequest r = GenerationRequest.edit(model).prompt("white background").image(image).build();
    p.submit(TestCall.of(new ManualClock()), new ProviderRequest("job-7", r, p.resolveModel(model).orElseThrow(), Map.of(), null)).get();
    return Wire.input(api.takeRequest());
  }

  private InputUploader cdn() {
    return (image, jobId) -> {
      uploads.add(jobId + ":" + image.name());
      return CompletableFuture.completedFuture(URI.create("https://cdn.example.com/" + jobId + "/" + image.name()));
    };
  }

  @Test
  void aLocalImageIsUploadedByTheHostAndSentByUrl() throws Exception {
    Map<String, Object> input = send(builder().inputUploader(cdn()).build(), "flux-kontext-dev", ImageInput.of(PNG, "shoe.png"));
    assertThat(input.get("image")).isEqualTo("https://cdn.example.com/job-7/shoe.png");
    assertThat(uploads).containsExactly("job-7:shoe.png");
  }

  @Test
  void aSubmitSentAgainForTheSameJobDoesNotUploadAgain() throws Exception {
    RunPodProvider p = builder().inputUploader(cdn()).build();
    send(p, "flux-kontext-dev", ImageInput.of(PNG, "shoe.png"));
    Map<String, Object> again = send(p, "flux-kontext-dev", ImageInput.of(PNG, "shoe.png"));
    assertThat(again.get("image")).isEqualTo("https://cdn.example.com/job-7/shoe.png");
    assertThat(uploads).containsExactly("job-7:shoe.png");
  }

  @Test
  void aUrlInputIsSentAsItIsWithoutAnUpload() throws Exception {
    Map<String, Object> input = send(builder().inputUploader(cdn()).build(), "flux-kontext-dev", ImageInput.ofUrl("https://e.com/a.jpg"));
    assertThat(input.get("image")).isEqualTo("https://e.com/a.jpg");
    assertThat(uploads).isEmpty();
  }

  @Test
  void whereTheHostSaysItsEndpointTakesBase64ASmallImageGoesInline() throws Exception {
    RunPodProvider p = builder().endpoint("my-bg-remover", "bgrm123").inlineImages("my-bg-remover", 1024)
        .inputUploader(cdn()).build();
    Map<String, Object> small = send(p, "my-bg-remover", ImageInput.of(PNG, "small.png"));
    assertThat(small.get("image")).isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG));
    Map<String, Object> large = send(p, "my-bg-remover", ImageInput.of(TestImages.png(2, 256, 256), "large.png"));
    assertThat(large.get("image")).isEqualTo("https://cdn.example.com/job-7/large.png");
  }

  @Test
  void withNeitherTheRequestFailsBeforeAnyCallSayingWhatToConfigure() {
    RunPodProvider p = builder().build();
    GenerationRequest r = GenerationRequest.edit("flux-kontext-dev").prompt("p").image(ImageInput.of(PNG, "shoe.png")).build();
    assertThatThrownBy(() -> p.submit(TestCall.of(new ManualClock()), new ProviderRequest("j", r, RunPodModels.FLUX_KONTEXT_DEV,
        Map.of(), null)).get())
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(InvalidRequestException.class)
        .hasMessage("images[0] (shoe.png) is a local image, but endpoint black-forest-labs-flux-1-kontext-dev takes an image URL:"
            + " configure RunPodProvider.builder().inputUploader(...) so that your storage or CDN returns a URL for it,"
            + " or pass ImageInput.ofUrl(...)");
    assertThat(api.getRequestCount()).isZero();
  }

  @Test
  void aFailedUploadNeverReachedRunPodSoTheSubmitMayBeRetried() {
    RunPodProvider p = builder().inputUploader((image, jobId) -> CompletableFuture.failedFuture(new IOException("bucket is read-only")))
        .build();
    GenerationRequest r = GenerationRequest.edit("flux-kontext-dev").prompt("p").image(ImageInput.of(PNG, "shoe.png")).build();
    Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> p.submit(TestCall.of(new ManualClock()),
        new ProviderRequest("j", r, RunPodModels.FLUX_KONTEXT_DEV, Map.of(), null)).get()).getCause();
    assertThat(e).isInstanceOf(ProviderException.class)
        .hasMessage("runpod: the InputUploader failed for images[0] (shoe.png): java.io.IOException: bucket is read-only");
    assertThat(((ProviderException) e).reachedProvider()).isEqualTo(ProviderException.Reach.NOT_REACHED);
    assertThat(((ProviderException) e).retryable()).isTrue();
    assertThat(api.getRequestCount()).isZero();
  }

  @Test
  void anUploaderUrlRunPodCannotFetchIsRefused() {
    RunPodProvider p = builder().inputUploader((image, jobId) -> CompletableFuture.completedFuture(URI.create("s3://bucket/a.png")))
        .build();
    GenerationRequest r = GenerationRequest.edit("flux-kontext-dev").prompt("p").image(ImageInput.of(PNG, "shoe.png")).build();
    assertThatThrownBy(() -> p.submit(TestCall.of(new ManualClock()), new ProviderRequest("j", r, RunPodModels.FLUX_KONTEXT_DEV,
        Map.of(), null)).get()).cause().isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("the InputUploader answered 's3://bucket/a.png' for images[0] (shoe.png)");
    assertThat(api.getRequestCount()).isZero();
  }
}
