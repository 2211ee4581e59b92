package dev.pictor.testkit.replicate;

import static dev.pictor.testkit.replicate.Http.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Models and LoRA trainings, end to end: create the destination, train, predict with the new version. */
class ReplicateTrainingsTest {
  private static final String TOKEN = "r8_trainings_test_token_00001";
  private static final String TRAINER = "/models/ostris/flux-dev-lora-trainer";
  private ReplicateSimulator sim;

  @AfterEach
  void close() {
    if (sim != null) sim.close();
  }

  @Test
  void aTrainedVersionCanBeUsedForPredictions() throws Exception {
    sim = ReplicateSimulator.builder().build().start();
    Http http = new Http(sim.baseUrl(), TOKEN);
    assertThat(http.get("/models/calendar-shop/customer-42").code()).isEqualTo(404);

    String model = "{\"owner\":\"calendar-shop\",\"name\":\"customer-42\",\"visibility\":\"private\",\"hardware\":\"gpu-t4\"}";
    Http.Reply created = http.post("/models", model);
    assertThat(created.code()).isEqualTo(201);
    assertThat(created.json()).containsEntry("owner", "calendar-shop").containsEntry("name", "customer-42")
        .containsEntry("visibility", "private").containsEntry("latest_version", null);
    assertThat(http.post("/models", model).code()).isEqualTo(409);
    assertThat(http.post("/models", "{\"owner\":\"a\",\"name\":\"b\",\"visibility\":\"secret\",\"hardware\":\"cpu\"}").code()).isEqualTo(422);

    String trainerVersion = (String) ((Map<?, ?>) http.get(TRAINER).json().get("latest_version")).get("id");
    String path = TRAINER + "/versions/" + trainerVersion + "/trainings";
    String input = "\"input\":{\"input_images\":\"https://example.com/photos.zip\",\"trigger_word\":\"TOK\",\"steps\":1000}";
    assertThat(http.post(path, "{\"destination\":\"calendar-shop/missing\"," + input + "}").code()).isEqualTo(422);
    assertThat(http.post(path, "{\"destination\":\"black-forest-labs/flux-schnell\"," + input + "}").code()).isEqualTo(422);
    assertThat(http.post(path, "{\"destination\":\"calendar-shop/customer-42\"," + input + ",\"extra\":1}").code()).isEqualTo(422);
    assertThat(http.post(TRAINER + "/versions/abc/trainings", "{\"destination\":\"calendar-shop/customer-42\"," + input + "}").code())
        .isEqualTo(422);

    Http.Reply training = http.post(path, "{\"destination\":\"calendar-shop/customer-42\"," + input + "}");
    assertThat(training.code()).isEqualTo(201);
    String trainingId = (String) training.json().get("id");
    assertThat(training.json()).containsEntry("model", "ostris/flux-dev-lora-trainer").containsEntry("version", trainerVersion);
    assertThat(((Map<?, ?>) training.json().get("urls")).get("get")).isEqualTo(sim.baseUrl() + "/trainings/" + trainingId);
    Map<String, Object> done = http.pollUntil("/trainings/" + trainingId, status("succeeded", "failed", "canceled"));
    assertThat(done).containsEntry("status", "succeeded");
    Map<?, ?> output = (Map<?, ?>) done.get("output");
    String version = (String) output.get("version");
    assertThat(version).matches("calendar-shop/customer-42:[0-9a-f]{64}");
    assertThat(Http.download((String) output.get("weights"))).isNotEmpty();
    assertThat(sim.ledger().trainings()).isEqualTo(1);
    assertThat(((java.util.List<?>) http.get("/trainings").json().get("results"))).hasSize(1);

    Http.Reply prediction = http.post("/predictions", "{\"version\":\"" + version + "\",\"input\":{\"prompt\":\"TOK as an astronaut\"}}",
        "Prefer", "wait");
    assertThat(prediction.code()).isEqualTo(201);
    String hex = version.substring(version.indexOf(':') + 1);
    assertThat(prediction.json()).containsEntry("model", "calendar-shop/customer-42").containsEntry("version", hex)
        .containsEntry("status", "succeeded");
    assertThat(http.post("/predictions", "{\"version\":\"" + hex + "\",\"input\":{\"prompt\":\"TOK\"}}").code()).isEqualTo(202);
    assertThat(((Map<?, ?>) http.get("/models/calendar-shop/customer-42").json().get("latest_version")).get("id")).isEqualTo(hex);
    // Only versions a training made exist on a created model; and it is not official.
    assertThat(http.post("/predictions", "{\"version\":\"calendar-shop/customer-42:" + "0".repeat(64) + "\",\"input\":{}}").code())
        .isEqualTo(422);
    assertThat(http.post("/models/calendar-shop/customer-42/predictions", "{\"input\":{}}").code()).isEqualTo(404);
  }

  @Test
  void aTrainingCanBeCanceled() throws Exception {
    sim = ReplicateSimulator.builder().latency(java.time.Duration.ofSeconds(30)).build().start();
    Http http = new Http(sim.baseUrl(), TOKEN);
    http.post("/models", "{\"owner\":\"me\",\"name\":\"lora\",\"visibility\":\"private\",\"hardware\":\"gpu-t4\"}");
    String version = (String) ((Map<?, ?>) http.get(TRAINER).json().get("latest_version")).get("id");
    String id = (String) http.post(TRAINER + "/versions/" + version + "/trainings", "{\"destination\":\"me/lora\",\"input\":{}}")
        .json().get("id");
    Http.Reply canceled = http.post("/trainings/" + id + "/cancel", "");
    assertThat(canceled.code()).isEqualTo(200);
    assertThat(canceled.json().get("status")).isEqualTo("canceled");
    assertThat(http.get("/models/me/lora").json().get("latest_version")).isNull();
  }
}
