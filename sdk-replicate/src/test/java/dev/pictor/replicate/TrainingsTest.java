package dev.pictor.replicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationException;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import dev.pictor.OutputSink;
import dev.pictor.TokenPool;
import dev.pictor.testkit.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LoRA trainings: zip and upload, destination model, trainer version, create, follow, and using the trained version. */
class TrainingsTest {
  static final String TRAINER_VERSION = "f".repeat(64);
  static final String TRAINED = "acme/anna-lora:" + "9".repeat(64);
  static final String ZIP_URL = "https://api.replicate.com/v1/files/zip1";

  @StartStop final MockWebServer api = new MockWebServer();
  @StartStop final MockWebServer cdn = new MockWebServer();
  @TempDir Path dir;

  /** Answers by "METHOD /path"; a key's answers are used in turn, the last one repeated. */
  final Map<String, List<MockResponse>> answers = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  final List<RecordedRequest> seen = java.util.Collections.synchronizedList(new ArrayList<>());
  final CountDownLatch polled = new CountDownLatch(1);
  ReplicateProvider provider;
  GenerationClient client;

  void answer(String key, MockResponse... responses) {
    answers.put(key, List.of(responses));
  }

  @BeforeEach
  void start() {
    api.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        seen.add(r);
        String key = r.getMethod() + " " + r.getUrl().encodedPath();
        if (key.startsWith("GET /v1/trainings/")) polled.countDown();
        List<MockResponse> list = answers.get(key);
        if (list == null) return Wire.json(404, "{\"title\":\"Not found\",\"status\":404}");
        int n = hits.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
        return list.get(Math.min(n, list.size() - 1));
      }
    });
    provider = ReplicateProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v1").toString()).build();
    client = GenerationClient.builder().provider(provider).outputs(OutputSink.files(dir)).build();
    answer("POST /v1/files", Wire.json(201, "{\"id\":\"zip1\",\"urls\":{\"get\":\"" + ZIP_URL + "\"}}"));
    answer("GET /v1/models/ostris/flux-dev-lora-trainer", Wire.json(200, "{\"latest_version\":{\"id\":\"" + TRAINER_VERSION + "\"}}"));
    answer("POST /v1/models", Wire.json(201, "{\"owner\":\"acme\",\"name\":\"anna-lora\"}"));
    answer("POST /v1/models/ostris/flux-dev-lora-trainer/versions/" + TRAINER_VERSION + "/trainings", training("starting", null));
    answer("GET /v1/trainings/t1", training("processing", null), training("succeeded", null));
  }

  @AfterEach
  void stop() {
    client.close();
  }

  static MockResponse training(String status, String error) {
    String output = status.equals("succeeded") ? "{\"version\":\"" + TRAINED + "\",\"weights\":\"https://replicate.delivery/w.tar\"}" : "null";
    return Wire.json(status.equals("starting") ? 201 : 200, "{\"id\":\"t1\",\"model\":\"ostris/flux-dev-lora-trainer\",\"status\":\""
        + status + "\",\"input\":{\"input_images\":\"" + ZIP_URL + "\",\"trigger_word\":\"ANNA\"},\"output\":" + output
        + ",\"error\":" + (error == null ? "null" : "\"" + error + "\"") + "}");
  }

  private ReplicateTrainings trainings() {
    return ReplicateTrainings.of(client, provider).withPollInterval(Duration.ofMillis(1));
  }

  private static TrainingRequest.Builder anna() {
    return TrainingRequest.builder("acme/anna-lora").triggerWord("ANNA")
        .photo(ImageInput.of(TestImages.jpeg(1, 16, 16), "anna 1.jpg")).photo(ImageInput.of(TestImages.png(2, 16, 16), "anna2.png"));
  }

  private RecordedRequest only(String method, String path) {
    List<RecordedRequest> matching = new ArrayList<>();
    synchronized (seen) {
      for (RecordedRequest r : seen) if (r.getMethod().equals(method) && r.getUrl().encodedPath().equals(path)) matching.add(r);
    }
    assertThat(matching).as(method + " " + path).hasSize(1);
    return matching.get(0);
  }

  @Test
  void aTrainingZipsUploadsCreatesTheDestinationFollowsAndYieldsAUsableVersion() throws Exception {
    TrainedVersion lora = trainings().train(anna().steps(500).build()).get(10, TimeUnit.SECONDS);

    assertThat(lora).isEqualTo(new TrainedVersion("t1", TRAINED, "https://replicate.delivery/w.tar", "ANNA"));
    assertThat(lora.model()).isEqualTo("acme/anna-lora");
    RecordedRequest upload = only("POST", "/v1/files");
    String multipart = upload.getBody().string(StandardCharsets.ISO_8859_1);
    assertThat(multipart).contains("name=\"content\"; filename=\"photos.zip\"", "Content-Type: application/zip", "PK",
        "01-anna_1.jpg", "02-anna2.png");
    assertThat(only("GET", "/v1/models/acme/anna-lora").getHeaders().get("Authorization")).isEqualTo("Bearer " + TestCall.TOKEN);
    assertThat(Wire.body(only("POST", "/v1/models"))).isEqualTo(Wire.parse(
        "{\"owner\":\"acme\",\"name\":\"anna-lora\",\"visibility\":\"private\",\"hardware\":\"gpu-t4\"}"));
    assertThat(Wire.body(only("POST", "/v1/models/ostris/flux-dev-lora-trainer/versions/" + TRAINER_VERSION + "/trainings")))
        .isEqualTo(Wire.parse("{\"destination\":\"acme/anna-lora\",\"input\":{\"input_images\":\"" + ZIP_URL
            + "\",\"trigger_word\":\"ANNA\",\"steps\":500}}"));
    assertThat(hits.get("GET /v1/trainings/t1").get()).isEqualTo(2);

    answer("POST /v1/predictions", Wire.json(201, Wire.prediction("p1", "succeeded", "[\"" + cdn.url("/lora.webp") + "\"]")));
    cdn.enqueue(Wire.image(TestImages.png(3, 8, 8)));
    GenerationResult r = client.generateAsync(GenerationRequest.create(lora.version()).prompt("ANNA skiing").size(768, 1024)
        .numOutputs(1).build()).get(10, TimeUnit.SECONDS);
    assertThat(r.images()).hasSize(1);
    assertThat(Wire.body(only("POST", "/v1/predictions"))).isEqualTo(Wire.parse("{\"version\":\"" + "9".repeat(64)
        + "\",\"input\":{\"prompt\":\"ANNA skiing\",\"num_outputs\":1,\"width\":768,\"height\":1024,\"aspect_ratio\":\"custom\"}}"));
    assertThat(provider.resolveModel(lora.version()).orElseThrow().parameters()).containsKey("lora_scale");
  }

  @Test
  void anExistingDestinationAndAPinnedTrainerAreUsedAsTheyAreAndAFailureIsReported() {
    answer("GET /v1/models/acme/anna-lora", Wire.json(200, "{\"owner\":\"acme\",\"name\":\"anna-lora\"}"));
    answer("POST /v1/models/ostris/flux-dev-lora-trainer/versions/" + "1".repeat(64) + "/trainings", training("starting", null));
    answer("GET /v1/trainings/t1", training("failed", "CUDA out of memory"));

    assertThatThrownBy(() -> trainings().train(anna().trainerVersion("1".repeat(64)).build()).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(GenerationException.class)
        .hasMessage("training t1 failed at Replicate: CUDA out of memory");
    assertThat(seen).noneMatch(r -> r.getUrl().encodedPath().equals("/v1/models") || r.getUrl().encodedPath().endsWith("lora-trainer"));
  }

  @Test
  void anAmbiguousCreateIsFoundByItsZipUrlInsteadOfBeingSentAgain() throws Exception {
    String create = "POST /v1/models/ostris/flux-dev-lora-trainer/versions/" + TRAINER_VERSION + "/trainings";
    answer(create, Wire.json(500, "{\"title\":\"Internal Server Error\"}"));
    answer("GET /v1/trainings", Wire.json(200, "{\"next\":null,\"results\":[{\"id\":\"t0\",\"input\":{\"input_images\":\"https://other\"}},"
        + "{\"id\":\"t1\",\"input\":{\"input_images\":\"" + ZIP_URL + "\"}}]}"));

    TrainedVersion lora = trainings().train(anna().build()).get(10, TimeUnit.SECONDS);

    assertThat(lora.trainingId()).isEqualTo("t1");
    assertThat(hits.get(create).get()).isEqualTo(1);
  }

  @Test
  void cancellingTheFutureCancelsTheTrainingAtReplicate() throws Exception {
    answer("GET /v1/trainings/t1", training("processing", null));
    answer("POST /v1/trainings/t1/cancel", training("canceled", null));
    CompletableFuture<TrainedVersion> f = trainings().withPollInterval(Duration.ofMillis(50)).train(anna().build());
    assertThat(polled.await(5, TimeUnit.SECONDS)).isTrue();
    f.cancel(true);
    RecordedRequest cancel = null;
    for (int i = 0; i < 50 && cancel == null; i++) {
      RecordedRequest r = api.takeRequest(100, TimeUnit.MILLISECONDS);
      if (r != null && r.getUrl().encodedPath().equals("/v1/trainings/t1/cancel")) cancel = r;
    }
    assertThat(cancel).isNotNull();
    assertThat(cancel.getMethod()).isEqualTo("POST");
  }

  @Test
  void followPicksUpATrainingById() throws Exception {
    answer("GET /v1/trainings/t1", training("succeeded", null));
    assertThat(trainings().follow("t1").get(10, TimeUnit.SECONDS).version()).isEqualTo(TRAINED);
  }

  @Test
  void badRequestsFailBeforeAnyNetworkCall() {
    assertThatThrownBy(() -> TrainingRequest.builder("anna-lora").photo(ImageInput.ofUrl("https://e.com/a.jpg")).build())
        .isInstanceOf(InvalidRequestException.class).hasMessage("destination = anna-lora must be owner/name");
    assertThatThrownBy(() -> TrainingRequest.builder("acme/x").build()).hasMessageContaining("needs photos");
    assertThatThrownBy(() -> anna().steps(2).build()).hasMessage("steps = 2 is not allowed: expected an integer from 3 to 6000");
    assertThatThrownBy(() -> anna().loraRank(129).build()).hasMessageContaining("lora_rank = 129");
    assertThatThrownBy(() -> anna().visibility("secret").build()).hasMessageContaining("must be private or public");
    assertThatThrownBy(() -> trainings().train(TrainingRequest.builder("acme/x").photo(ImageInput.ofUrl("https://e.com/a.jpg")).build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("photos[0] is a URL");
    assertThatThrownBy(() -> trainings().train(TrainingRequest.builder("acme/x").photo(ImageInput.of(new byte[] {1, 2, 3}, "x.txt")).build()))
        .isInstanceOf(InvalidRequestException.class).hasMessage("photos[0] (x.txt) is not a JPEG, PNG or WEBP image");
    assertThat(seen).isEmpty();
  }
}
