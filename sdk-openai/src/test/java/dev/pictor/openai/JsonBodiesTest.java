package dev.pictor.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationRequest;
import dev.pictor.JobStatus;
import dev.pictor.ModelSpec;
import dev.pictor.spi.ProviderJob;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** What {@code POST /v1/images/generations} carries for each model: the model always, each model's own fields, no Pictor fields. */
class JsonBodiesTest {
  @StartStop final MockWebServer api = new MockWebServer();

  private OpenAiProvider provider() {
    return OpenAiProvider.builder().apiKey(TestCall.TOKEN).baseUrl(api.url("/v1").toString())
        .organization("org-abc").project("proj_xyz").build();
  }

  private RecordedRequest send(GenerationRequest r, ModelSpec spec, int w, int h) throws Exception {
    api.enqueue(Wire.json(200, Wire.png(w, h)));
    ProviderJob job = provider().submit(TestCall.create(), Wire.validated(r, spec)).get();
    assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
    return api.takeRequest();
  }

  @Test
  void gptImage1SendsEveryGptFieldAndTheHeaders() throws Exception {
    RecordedRequest req = send(GenerationRequest.create("gpt-image-1").prompt("a fox in snow").numOutputs(2).outputFormat("webp")
        .parameter("quality", "high").parameter("background", "transparent").parameter("output_compression", 80)
        .parameter("moderation", "low").parameter("user", "user-42").parameter("size", "1536x1024").build(),
        OpenAiModels.GPT_IMAGE_1, 8, 8);
    assertThat(req.getMethod()).isEqualTo("POST");
    assertThat(req.getUrl().encodedPath()).isEqualTo("/v1/images/generations");
    assertThat(req.getHeaders().get("Authorization")).isEqualTo("Bearer " + TestCall.TOKEN);
    assertThat(req.getHeaders().get("OpenAI-Organization")).isEqualTo("org-abc");
    assertThat(req.getHeaders().get("OpenAI-Project")).isEqualTo("proj_xyz");
    assertThat(req.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(req.getBody().utf8()).startsWith("{\"model\":\"gpt-image-1\",\"prompt\":\"a fox in snow\",");
    assertThat(Wire.body(req)).containsExactlyInAnyOrderEntriesOf(Map.of("model", "gpt-image-1", "prompt", "a fox in snow",
        "n", 2.0, "size", "1536x1024", "quality", "high", "background", "transparent", "output_format", "webp",
        "output_compression", 80.0, "moderation", "low", "user", "user-42"));
  }

  @Test
  void eachGptModelIsNamedAndAnAutoSizeIsPassedOn() throws Exception {
    for (ModelSpec spec : new ModelSpec[] {OpenAiModels.GPT_IMAGE_1_MINI, OpenAiModels.GPT_IMAGE_1_5, OpenAiModels.GPT_IMAGE_2}) {
      RecordedRequest req = send(GenerationRequest.create(spec.id()).prompt("p").parameter("size", "auto").build(), spec, 8, 8);
      assertThat(Wire.body(req)).containsExactlyInAnyOrderEntriesOf(Map.of("model", spec.id(), "prompt", "p", "size", "auto"));
    }
  }

  @Test
  void aBareRequestStillNamesTheModel() throws Exception {
    RecordedRequest req = send(GenerationRequest.create("gpt-image-1").prompt("p").build(), OpenAiModels.GPT_IMAGE_1, 8, 8);
    assertThat(Wire.body(req)).containsExactlyInAnyOrderEntriesOf(Map.of("model", "gpt-image-1", "prompt", "p"));
  }

  @Test
  void gptImage2GetsAnExactSizeForARatioOrAWidthAndHeight() throws Exception {
    RecordedRequest ratio = send(GenerationRequest.create("gpt-image-2").prompt("p").aspectRatio("4:5").build(),
        OpenAiModels.GPT_IMAGE_2, 1088, 1360);
    assertThat(Wire.body(ratio)).containsEntry("size", "1088x1360").doesNotContainKeys("aspect_ratio", "width", "height");
    RecordedRequest exact = send(GenerationRequest.create("gpt-image-2").prompt("p").size(2048, 1152).build(),
        OpenAiModels.GPT_IMAGE_2, 16, 16);
    assertThat(Wire.body(exact)).containsEntry("size", "2048x1152").doesNotContainKeys("width", "height");
  }

  @Test
  void dallE3SendsStyleQualityAndResponseFormat() throws Exception {
    RecordedRequest req = send(GenerationRequest.create("dall-e-3").prompt("a lighthouse").parameter("style", "natural")
        .parameter("quality", "hd").parameter("size", "1792x1024").parameter("response_format", "b64_json").build(),
        OpenAiModels.DALL_E_3, 8, 8);
    assertThat(Wire.body(req)).containsExactlyInAnyOrderEntriesOf(Map.of("model", "dall-e-3", "prompt", "a lighthouse",
        "size", "1792x1024", "quality", "hd", "style", "natural", "response_format", "b64_json"));
  }

  @Test
  void dallE2SendsItsSquareSizeAndN() throws Exception {
    RecordedRequest req = send(GenerationRequest.create("dall-e-2").prompt("p").numOutputs(3).parameter("size", "512x512").build(),
        OpenAiModels.DALL_E_2, 8, 8);
    assertThat(Wire.body(req)).containsExactlyInAnyOrderEntriesOf(Map.of("model", "dall-e-2", "prompt", "p", "n", 3.0, "size", "512x512"));
  }

  @Test
  void aRatioThatNeedsACropOnDallEAsksForBase64() throws Exception {
    RecordedRequest req = send(GenerationRequest.create("dall-e-3").prompt("p").aspectRatio("9:16").build(), OpenAiModels.DALL_E_3,
        1024, 1792);
    assertThat(Wire.body(req)).containsEntry("size", "1024x1792").containsEntry("response_format", "b64_json");
  }

  @Test
  void aDatedSnapshotIsSentUnderItsOwnName() throws Exception {
    OpenAiProvider p = provider();
    ModelSpec snapshot = p.resolveModel("gpt-image-2-2026-04-21").orElseThrow();
    assertThat(snapshot.parameters()).containsOnlyKeys(OpenAiModels.GPT_IMAGE_2.parameters().keySet());
    RecordedRequest req = send(GenerationRequest.create(snapshot.id()).prompt("p").size(1088, 1360).build(), snapshot, 8, 8);
    assertThat(Wire.body(req)).containsEntry("model", "gpt-image-2-2026-04-21").containsEntry("size", "1088x1360");
    assertThat(p.resolveModel("gpt-image-7-2026-04-21")).isEmpty();
  }
}
