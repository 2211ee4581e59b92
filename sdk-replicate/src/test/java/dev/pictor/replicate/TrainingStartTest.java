package dev.pictor.replicate;

import static dev.pictor.replicate.TrainingsTest.TRAINED;
import static dev.pictor.replicate.TrainingsTest.TRAINER_VERSION;
import static dev.pictor.replicate.TrainingsTest.training;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationException;
import dev.pictor.GenerationRequest;
import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import dev.pictor.OutputSink;
import dev.pictor.TokenPool;
import dev.pictor.testkit.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ReplicateTrainings#start}: the training's id as soon as Replicate created it, before the
 * training ends; {@link ReplicateTrainings#register}: a stored version used with the LoRA's spec.
 */
class TrainingStartTest {
  static final String CREATE = "POST /v1/models/ostris/flux-dev-lora-trainer/versions/" + TRAINER_VERSION + "/trainings";

  /** Polls of the training are answered only once this is open. */
  final CountDownLatch pollsAnswered = new CountDownLatch(1);
  final AtomicInteger polls = new AtomicInteger();
  final ScriptedApi script = new ScriptedApi(key -> {
    if (!key.equals("GET /v1/trainings/t1")) return;
    pollsAnswered.await(10, TimeUnit.SECONDS);
    polls.incrementAndGet();
  });
  @StartStop final MockWebServer api = new MockWebServer();
  @TempDir Path dir;
  ReplicateProvider provider;
  GenerationClient client;

  @BeforeEach
  void start() {
    api.setDispatcher(script);
    provider = ReplicateProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v1").toString()).build();
    client = GenerationClient.builder().provider(provider).outputs(OutputSink.files(dir)).build();
    script.on("POST /v1/files", Wire.json(201, "{\"id\":\"zip1\",\"urls\":{\"get\":\"" + TrainingsTest.ZIP_URL + "\"}}"))
        .on("GET /v1/models/ostris/flux-dev-lora-trainer", Wire.json(200, "{\"latest_version\":{\"id\":\"" + TRAINER_VERSION + "\"}}"))
        .on("GET /v1/models/acme/anna-lora", Wire.json(200, "{\"owner\":\"acme\",\"name\":\"anna-lora\"}"))
        .on(CREATE, training("starting", null))
        .on("GET /v1/trainings/t1", training("processing", null), training("succeeded", null));
  }

  @AfterEach
  void stop() {
    pollsAnswered.countDown();
    client.close();
  }

  private ReplicateTrainings trainings() {
    return ReplicateTrainings.of(client, provider).withPollInterval(Duration.ofMillis(1));
  }

  private static TrainingRequest anna() {
    return TrainingRequest.builder("acme/anna-lora").triggerWord("ANNA")
        .photo(ImageInput.of(TestImages.jpeg(1, 16, 16), "anna1.jpg")).build();
  }

  @Test
  void startAnswersTheIdOnceTheTrainingIsCreatedLongBeforeItEnds() throws Exception {
    CompletableFuture<StartedTraining> start = trainings().start(anna());

    StartedTraining started = start.get(10, TimeUnit.SECONDS);

    assertThat(started.id()).isEqualTo("t1");
    assertThat(polls.get()).as("no poll was answered yet").isZero();
    assertThat(started.result()).isNotDone();
    pollsAnswered.countDown();
    TrainedVersion lora = started.result().get(10, TimeUnit.SECONDS);
    assertThat(lora.trainingId()).isEqualTo("t1");
    assertThat(lora.version()).isEqualTo(TRAINED);
    assertThat(script.count(CREATE)).isEqualTo(1);
  }

  @Test
  void aCreateWhoseAnswerWasLostStillAnswersTheIdOfTheTrainingFoundByItsPhotos() throws Exception {
    script.on(CREATE, Wire.json(500, "{\"title\":\"Internal Server Error\"}"))
        .on("GET /v1/trainings", Wire.json(200, "{\"next\":null,\"results\":[{\"id\":\"t1\",\"input\":"
            + "{\"input_images\":\"" + TrainingsTest.ZIP_URL + "\"}}]}"));
    pollsAnswered.countDown();

    StartedTraining started = trainings().start(anna()).get(10, TimeUnit.SECONDS);

    assertThat(started.id()).isEqualTo("t1");
    assertThat(started.result().get(10, TimeUnit.SECONDS).version()).isEqualTo(TRAINED);
    assertThat(script.count(CREATE)).as("not created twice").isEqualTo(1);
  }

  @Test
  void aFailureBeforeTheCreateFailsTheStartAndNothingIsTrained() {
    script.on("POST /v1/files", Wire.json(422, "{\"title\":\"Unprocessable\",\"detail\":\"bad zip\",\"status\":422}"));

    assertThatThrownBy(() -> trainings().start(anna()).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(GenerationException.class);
    assertThat(script.asked()).doesNotContain(CREATE);
  }

  @Test
  void cancellingTheResultOfAStartedTrainingCancelsItAtReplicate() throws Exception {
    script.on("POST /v1/trainings/t1/cancel", training("canceled", null));
    StartedTraining started = trainings().start(anna()).get(10, TimeUnit.SECONDS);

    started.result().cancel(true);
    pollsAnswered.countDown();

    for (int i = 0; i < 100 && !script.asked().contains("POST /v1/trainings/t1/cancel"); i++) Thread.sleep(20);
    assertThat(script.asked()).contains("POST /v1/trainings/t1/cancel");
  }

  @Test
  void aVersionStoredBeforeARestartIsUsedWithTheLorasTypedSpecOnceRegistered() {
    assertThat(provider.resolveModel(TRAINED).orElseThrow().parameters()).as("before: a model outside the catalogue")
        .doesNotContainKey("lora_scale");

    trainings().register(TRAINED);

    assertThat(provider.resolveModel(TRAINED).orElseThrow().parameters()).containsKey("lora_scale").containsKey("prompt_strength");
    assertThatThrownBy(() -> client.validate(GenerationRequest.create(TRAINED).prompt("ANNA").parameter("lora_scale", 5.0).build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("lora_scale");
    assertThat(script.asked()).as("nothing sent").isEmpty();
  }

  @Test
  void registeringSomethingThatIsNoVersionIsRefused() {
    assertThatThrownBy(() -> trainings().register("acme/anna-lora")).isInstanceOf(InvalidRequestException.class)
        .hasMessage("version = acme/anna-lora must be owner/name:<version id>, as TrainedVersion.version() gives it");
    assertThatThrownBy(() -> trainings().register(null)).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void theTrainersRecommendedMinimumIsTenPhotos() {
    assertThat(TrainingRequest.RECOMMENDED_MIN_PHOTOS).isEqualTo(10);
    assertThatThrownBy(() -> TrainingRequest.builder("acme/x").build())
        .hasMessage("a training needs photos (10 or more recommended) or a photosZipUrl");
  }
}
