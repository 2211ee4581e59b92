package dev.pictor.replicate;

import static dev.pictor.replicate.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationRequest;
import dev.pictor.ImageInput;
import dev.pictor.TokenPool;
import dev.pictor.spi.ProviderRequest;
import dev.pictor.spi.Reconciliation;
import dev.pictor.testkit.ManualClock;
import dev.pictor.testkit.TestImages;
import java.time.Instant;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** After an ambiguous create: list the token's recent predictions page by page and match model and echoed input. */
class ReconcileTest {
  static final Instant SENT = Instant.parse("2026-01-01T10:00:00Z");
  static final String SCHNELL = "black-forest-labs/flux-schnell";

  @StartStop final MockWebServer api = new MockWebServer();
  final ManualClock clock = new ManualClock(SENT);

  private ReplicateProvider provider(TokenPool tokens) {
    return ReplicateProvider.builder().tokens(tokens).baseUrl(api.url("/v1").toString()).build();
  }

  private static ProviderRequest fox(String jobId) {
    GenerationRequest r = GenerationRequest.create("flux-schnell").prompt("a fox").seed(7).build();
    return new ProviderRequest(jobId, r, ReplicateModels.FLUX_SCHNELL, Map.of("seed", 7L), null);
  }

  static String item(String id, String model, String created, String inputJson) {
    return "{\"id\":\"" + id + "\",\"model\":\"" + model + "\",\"version\":\"hidden\",\"status\":\"processing\",\"created_at\":\""
        + created + "\",\"source\":\"api\"" + (inputJson == null ? "" : ",\"input\":" + inputJson) + "}";
  }

  static String page(String next, String... items) {
    return "{\"next\":" + (next == null ? "null" : "\"" + next + "\"") + ",\"previous\":null,\"results\":[" + String.join(",", items) + "]}";
  }

  private Reconciliation reconcile(ReplicateProvider p, ProviderRequest r, String label) throws Exception {
    return p.reconcile(new TestCall(TestCall.TOKEN, label, clock), r, SENT).get();
  }

  @Test
  void pagesAreFollowedUntilTheMatchingPredictionIsFoundAndAdopted() throws Exception {
    String next = api.url("/v1/predictions?cursor=cD0yMDI2").toString();
    api.enqueue(json(200, page(next,
        item("other-model", "acme/other", "2026-01-01T10:00:03Z", "{\"prompt\":\"a fox\",\"seed\":7}"),
        item("other-prompt", SCHNELL, "2026-01-01T10:00:02Z", "{\"prompt\":\"a cat\",\"seed\":7}"))));
    api.enqueue(json(200, page(null, item("mine", SCHNELL, "2026-01-01T10:00:01Z", "{\"prompt\":\"a fox\",\"seed\":7.0,\"go_fast\":true}"))));

    Reconciliation rec = reconcile(provider(TokenPool.of(TestCall.TOKEN)), fox("j1"), "#1");

    assertThat(rec.outcome()).isEqualTo(Reconciliation.Outcome.FOUND);
    assertThat(rec.job().orElseThrow().providerJobId()).isEqualTo("mine");
    RecordedRequest first = api.takeRequest();
    assertThat(first.getMethod()).isEqualTo("GET");
    assertThat(first.getUrl().encodedPath()).isEqualTo("/v1/predictions");
    assertThat(first.getUrl().queryParameter("created_after")).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer " + TestCall.TOKEN);
    RecordedRequest second = api.takeRequest();
    assertThat(second.getUrl().toString()).isEqualTo(next);
  }

  @Test
  void notFoundOnlyWhenEveryPageWasReadWithNothingUncertain() throws Exception {
    api.enqueue(json(200, page(null, item("x", SCHNELL, "2026-01-01T10:00:01Z", "{\"prompt\":\"a cat\",\"seed\":7}"))));
    assertThat(reconcile(provider(TokenPool.of(TestCall.TOKEN)), fox("j2"), "#1").outcome()).isEqualTo(Reconciliation.Outcome.NOT_FOUND);

    api.enqueue(json(200, page(null, "{\"id\":\"gone\",\"model\":\"" + SCHNELL + "\",\"status\":\"succeeded\",\"data_removed\":true,"
        + "\"created_at\":\"2026-01-01T10:00:01Z\"}")));
    assertThat(reconcile(provider(TokenPool.of(TestCall.TOKEN)), fox("j3"), "#1").outcome())
        .isEqualTo(Reconciliation.Outcome.UNSUPPORTED);
  }

  @Test
  void imageFieldsMatchByPresenceSinceUploadUrlsAndDataUrisDifferPerSend() throws Exception {
    GenerationRequest r = GenerationRequest.edit("nano-banana").prompt("merge")
        .image(ImageInput.of(TestImages.png(1, 8, 8), "a.png")).image(ImageInput.ofUrl("https://e.com/b.png")).build();
    ProviderRequest req = new ProviderRequest("j4", r, ReplicateModels.NANO_BANANA, Map.of("output_format", "png"), null);
    api.enqueue(json(200, page(null,
        item("one-image", "google/nano-banana", "2026-01-01T10:00:02Z",
            "{\"prompt\":\"merge\",\"image_input\":[\"https://x/1\"],\"output_format\":\"png\"}"),
        item("mine", "google/nano-banana", "2026-01-01T10:00:01Z",
            "{\"prompt\":\"merge\",\"image_input\":[\"https://api.replicate.com/v1/files/zz\",\"https://e.com/b.png\"],"
                + "\"output_format\":\"png\"}"))));
    Reconciliation rec = reconcile(provider(TokenPool.of(TestCall.TOKEN)), req, "#1");
    assertThat(rec.job().orElseThrow().providerJobId()).isEqualTo("mine");
  }

  @Test
  void aListingWithoutInputsIsCheckedAgainstThePredictionItself() throws Exception {
    api.enqueue(json(200, page(null, item("p9", SCHNELL, "2026-01-01T10:00:01Z", null))));
    api.enqueue(json(200, item("p9", SCHNELL, "2026-01-01T10:00:01Z", "{\"prompt\":\"a fox\",\"seed\":7}")));
    Reconciliation rec = reconcile(provider(TokenPool.of(TestCall.TOKEN)), fox("j5"), "#1");
    assertThat(rec.job().orElseThrow().providerJobId()).isEqualTo("p9");
    api.takeRequest();
    assertThat(api.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/predictions/p9");
  }

  @Test
  void theOldestUnclaimedMatchIsAdoptedSoIdenticalJobsNeverShareAPrediction() throws Exception {
    String both = page(null, item("newer", SCHNELL, "2026-01-01T10:00:05Z", "{\"prompt\":\"a fox\",\"seed\":7}"),
        item("older", SCHNELL, "2026-01-01T10:00:01Z", "{\"prompt\":\"a fox\",\"seed\":7}"));
    ReplicateProvider p = provider(TokenPool.of(TestCall.TOKEN));
    api.enqueue(json(200, both));
    api.enqueue(json(200, both));
    api.enqueue(json(200, both));
    assertThat(reconcile(p, fox("a"), "#1").job().orElseThrow().providerJobId()).isEqualTo("older");
    assertThat(reconcile(p, fox("b"), "#1").job().orElseThrow().providerJobId()).isEqualTo("newer");
    assertThat(reconcile(p, fox("c"), "#1").outcome()).isEqualTo(Reconciliation.Outcome.NOT_FOUND);
  }

  @Test
  void withSeveralTokensNotFoundNeedsTheTokenThatSentTheCreate() throws Exception {
    ReplicateProvider p = provider(TokenPool.of("r8_first1", "r8_second2"));
    api.enqueue(json(201, Wire.prediction("sent", "starting", "null")));
    p.submit(new TestCall("r8_first1", "#1", clock), fox("j6")).get();
    api.takeRequest();
    api.enqueue(json(200, page(null)));
    api.enqueue(json(200, page(null)));
    api.enqueue(json(200, page(null)));
    assertThat(reconcile(p, fox("j6"), "#2").outcome()).isEqualTo(Reconciliation.Outcome.UNSUPPORTED);
    assertThat(reconcile(p, fox("j6"), "#1").outcome()).isEqualTo(Reconciliation.Outcome.NOT_FOUND);
    assertThat(reconcile(p, fox("never-sent-here"), "#1").outcome()).isEqualTo(Reconciliation.Outcome.UNSUPPORTED);
  }

  @Test
  void aNextPageOnAnotherHostIsNotFollowedAndLeavesTheAnswerOpen() throws Exception {
    api.enqueue(json(200, page("https://elsewhere.example.com/v1/predictions?cursor=x")));
    assertThat(reconcile(provider(TokenPool.of(TestCall.TOKEN)), fox("j7"), "#1").outcome())
        .isEqualTo(Reconciliation.Outcome.UNSUPPORTED);
    assertThat(api.getRequestCount()).isEqualTo(1);
  }
}
