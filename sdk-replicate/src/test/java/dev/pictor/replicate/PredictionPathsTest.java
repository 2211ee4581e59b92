package dev.pictor.replicate;

import static dev.pictor.replicate.Wire.json;
import static dev.pictor.replicate.Wire.prediction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationRequest;
import dev.pictor.ImageInput;
import dev.pictor.JobStatus;
import dev.pictor.TokenPool;
import dev.pictor.spi.ProviderJob;
import dev.pictor.spi.ProviderRequest;
import dev.pictor.testkit.ManualClock;
import dev.pictor.testkit.TestImages;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** The three create paths (official model, pinned version, deployment), their headers and bodies, polls and cancels. */
class PredictionPathsTest {
  static final String V64 = "a".repeat(64);
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @StartStop final MockWebServer api = new MockWebServer();
  final ManualClock clock = new ManualClock(NOW);

  private ReplicateProvider.Builder builder() {
    return ReplicateProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v1").toString());
  }

  private ProviderJob submit(ReplicateProvider p, GenerationRequest r, Map<String, Object> params, Instant deadline) throws Exception {
    ProviderRequest req = new ProviderRequest("job-1", r, p.resolveModel(r.model()).orElseThrow(), params, deadline);
    return p.submit(TestCall.of(clock), req).get();
  }

  private static Map<String, Object> params(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  @Test
  void anOfficialModelIsCreatedOnItsModelPathWithTheSyncWait() throws Exception {
    api.enqueue(json(201, prediction("p1", "succeeded", "[\"https://replicate.delivery/x/out-0.webp\"]")));
    ProviderJob job = submit(builder().build(), GenerationRequest.create("flux-schnell").prompt("a fox").build(),
        params("aspect_ratio", "16:9", "seed", 42L), null);

    RecordedRequest r = api.takeRequest();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/models/black-forest-labs/flux-schnell/predictions");
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + TestCall.TOKEN);
    assertThat(r.getHeaders().get("Prefer")).isEqualTo("wait=60");
    assertThat(r.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(r.getHeaders().get("Cancel-After")).isNull();
    assertThat(Wire.body(r)).isEqualTo(Wire.parse("{\"input\":{\"prompt\":\"a fox\",\"aspect_ratio\":\"16:9\",\"seed\":42}}"));
    assertThat(job.providerJobId()).isEqualTo("p1");
    assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(job.outputs()).hasSize(1);
    assertThat(job.outputs().get(0).urlValue()).contains("https://replicate.delivery/x/out-0.webp");
  }

  @Test
  void aPinnedVersionIsCreatedOnThePredictionsPathWithItsVersion() throws Exception {
    api.enqueue(json(201, prediction("p2", "succeeded", "[\"https://replicate.delivery/a.png\",\"https://replicate.delivery/b.png\"]")));
    ProviderJob job = submit(builder().build(), GenerationRequest.create("sdxl-lightning-4step").prompt("a fox").build(),
        params("num_outputs", 2L), null);

    RecordedRequest r = api.takeRequest();
    assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/predictions");
    assertThat(Wire.body(r)).isEqualTo(Wire.parse("{\"version\":\"5599ed30703defd1d160a25a63321b4dec97101d98b4674bcc56e41f62f35637\","
        + "\"input\":{\"prompt\":\"a fox\",\"num_outputs\":2}}"));
    assertThat(job.outputs()).hasSize(2);
  }

  @Test
  void aCommunityModelRunsItsLatestVersionLookedUpOncePerProcess() throws Exception {
    ReplicateProvider p = builder().build();
    api.enqueue(json(200, "{\"owner\":\"nightmareai\",\"name\":\"real-esrgan\",\"latest_version\":{\"id\":\"" + V64 + "\"}}"));
    api.enqueue(json(201, prediction("p3", "starting", "null")));
    api.enqueue(json(201, prediction("p4", "starting", "null")));
    GenerationRequest up = GenerationRequest.upscale("real-esrgan").image(ImageInput.ofUrl("https://example.com/in.png")).build();
    assertThat(submit(p, up, params("scale", 2.0), null).status()).isEqualTo(JobStatus.SUBMITTED);
    submit(p, up, params("scale", 2.0), null);

    RecordedRequest lookup = api.takeRequest();
    assertThat(lookup.getMethod()).isEqualTo("GET");
    assertThat(lookup.getUrl().encodedPath()).isEqualTo("/v1/models/nightmareai/real-esrgan");
    assertThat(lookup.getHeaders().get("Authorization")).isEqualTo("Bearer " + TestCall.TOKEN);
    for (int i = 0; i < 2; i++) {
      RecordedRequest create = api.takeRequest();
      assertThat(create.getUrl().encodedPath()).isEqualTo("/v1/predictions");
      assertThat(Wire.body(create)).isEqualTo(Wire.parse("{\"version\":\"" + V64 + "\",\"input\":{\"image\":\"https://example.com/in.png\",\"scale\":2.0}}"));
    }
    assertThat(api.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aDeploymentIsCreatedOnItsDeploymentPath() throws Exception {
    api.enqueue(json(201, prediction("p5", "processing", "null")));
    submit(builder().build(), GenerationRequest.create("deployments/acme/flux-prod").prompt("a fox").build(),
        params("num_outputs", 1L, "go_fast", true), null);

    RecordedRequest r = api.takeRequest();
    assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/deployments/acme/flux-prod/predictions");
    assertThat(Wire.body(r)).isEqualTo(Wire.parse("{\"input\":{\"prompt\":\"a fox\",\"num_outputs\":1,\"go_fast\":true}}"));
  }

  @Test
  void ownerNameWithAVersionPinsACatalogueModelAndKeepsItsTypedParameters() throws Exception {
    ReplicateProvider p = builder().build();
    assertThat(p.resolveModel("nightmareai/real-esrgan:" + V64).orElseThrow().parameters()).containsKey("face_enhance");
    api.enqueue(json(201, prediction("p6", "starting", "null")));
    submit(p, GenerationRequest.upscale("nightmareai/real-esrgan:" + V64).image(ImageInput.ofUrl("https://e.com/a.jpg")).build(),
        params(), null);
    RecordedRequest r = api.takeRequest();
    assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/predictions");
    assertThat(Wire.body(r)).isEqualTo(Wire.parse("{\"version\":\"" + V64 + "\",\"input\":{\"image\":\"https://e.com/a.jpg\"}}"));
  }

  @Test
  void anOfficialPathThatAnswers404IsSentOnceMoreOnTheLatestVersionAndRemembered() throws Exception {
    ReplicateProvider p = builder().build();
    api.enqueue(json(404, "{\"title\":\"Not found\",\"detail\":\"The requested resource could not be found.\",\"status\":404}"));
    api.enqueue(json(200, "{\"latest_version\":{\"id\":\"" + V64 + "\"}}"));
    api.enqueue(json(201, prediction("p7", "starting", "null")));
    api.enqueue(json(201, prediction("p8", "starting", "null")));
    GenerationRequest r = GenerationRequest.edit("multi-image-kontext-pro").prompt("put them together")
        .image(ImageInput.ofUrl("https://e.com/1.png")).image(ImageInput.ofUrl("https://e.com/2.png")).build();
    assertThat(submit(p, r, params(), null).providerJobId()).isEqualTo("p7");
    assertThat(submit(p, r, params(), null).providerJobId()).isEqualTo("p8");

    assertThat(api.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/models/flux-kontext-apps/multi-image-kontext-pro/predictions");
    assertThat(api.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/models/flux-kontext-apps/multi-image-kontext-pro");
    String expected = "{\"version\":\"" + V64 + "\",\"input\":{\"prompt\":\"put them together\","
        + "\"input_image_1\":\"https://e.com/1.png\",\"input_image_2\":\"https://e.com/2.png\"}}";
    assertThat(Wire.body(api.takeRequest())).isEqualTo(Wire.parse(expected));
    RecordedRequest second = api.takeRequest();
    assertThat(second.getUrl().encodedPath()).isEqualTo("/v1/predictions");
    assertThat(Wire.body(second)).isEqualTo(Wire.parse(expected));
  }

  @Test
  void theWaitIsConfigurableAndADeadlineBecomesCancelAfter() throws Exception {
    ReplicateProvider p = builder().waitSeconds(5).build();
    api.enqueue(json(202, prediction("p9", "starting", "null")));
    api.enqueue(json(202, prediction("p10", "starting", "null")));
    GenerationRequest r = GenerationRequest.create("flux-schnell").prompt("a fox").build();
    submit(p, r, params(), NOW.plusSeconds(5430));
    submit(p, r, params(), NOW.plusMillis(1500));

    RecordedRequest first = api.takeRequest();
    assertThat(first.getHeaders().get("Prefer")).isEqualTo("wait=5");
    assertThat(first.getHeaders().get("Cancel-After")).isEqualTo("1h30m30s");
    assertThat(api.takeRequest().getHeaders().get("Cancel-After")).isEqualTo("5s");
  }

  @Test
  void aWebhookGoesInTheBodyWithItsFilterAndPollsBecomeABackstop() throws Exception {
    ReplicateProvider p = builder().webhook("https://example.com/hooks/replicate", Set.of("completed", "start")).build();
    api.enqueue(json(202, prediction("p11", "starting", "null")));
    ProviderJob job = submit(p, GenerationRequest.create("flux-schnell").prompt("a fox").build(), params(), null);

    assertThat(Wire.body(api.takeRequest())).isEqualTo(Wire.parse("{\"input\":{\"prompt\":\"a fox\"},"
        + "\"webhook\":\"https://example.com/hooks/replicate\",\"webhook_events_filter\":[\"start\",\"completed\"]}"));
    assertThat(job.pollAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void aPollReadsThePredictionWithStatusProgressAndDurations() throws Exception {
    api.enqueue(json(200, "{\"id\":\"p12\",\"status\":\"processing\",\"logs\":\"step 1\\n 12%|#   | 3/25\\n 45%|####  | 11/25\",\"output\":null,"
        + "\"created_at\":\"2026-01-01T00:00:00.000Z\",\"started_at\":\"2026-01-01T00:00:02.500Z\","
        + "\"metrics\":{\"predict_time\":1.25}}"));
    ProviderJob job = builder().build().poll(TestCall.of(clock), "p12").get();

    RecordedRequest r = api.takeRequest();
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/predictions/p12");
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + TestCall.TOKEN);
    assertThat(r.getHeaders().get("Prefer")).isNull();
    assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(job.progress()).contains(0.45);
    assertThat(job.queueDuration()).contains(Duration.ofMillis(2500));
    assertThat(job.processingDuration()).contains(Duration.ofMillis(1250));
    assertThat(job.pollAfter()).isEmpty();
  }

  @Test
  void cancelPostsToTheCancelPath() throws Exception {
    api.enqueue(json(200, prediction("p13", "canceled", "null")));
    builder().build().cancel(TestCall.of(clock), "p13").get();

    RecordedRequest r = api.takeRequest();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/predictions/p13/cancel");
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + TestCall.TOKEN);
  }

  @Test
  void smallLocalImagesGoInlineAsDataUris() throws Exception {
    byte[] png = TestImages.png(1, 16, 16);
    api.enqueue(json(201, prediction("p14", "starting", "null")));
    submit(builder().build(), GenerationRequest.edit("flux-kontext-pro").prompt("make it blue")
        .image(ImageInput.of(png, "shoe.png")).build(), params(), null);
    Map<String, Object> input = Wire.input(api.takeRequest());
    assertThat(input).containsOnlyKeys("prompt", "input_image");
    assertThat(input.get("input_image")).isEqualTo("data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(png));
    assertThat(List.of(api.getRequestCount())).containsExactly(1);
  }
}
