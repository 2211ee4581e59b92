package dev.pictor.testkit.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated Images API as a client sees it: answers, per-model rules, budgets, faults and the ledger. */
class OpenAiSimulatorTest {
  private static final String KEY = "sk-simulator-test-key-0001";
  private OpenAiSimulator sim;
  private Http http;

  private void start(OpenAiSimulator.Builder builder) {
    sim = builder.apiKeys(KEY).build().start();
    http = new Http(sim.baseUrl(), KEY);
  }

  @AfterEach
  void close() {
    if (sim != null) sim.close();
  }

  @Test
  void aGenerationAnswersPngsOfTheSizeWithUsageAndItsHeaders() throws Exception {
    start(OpenAiSimulator.builder());
    Http.Reply r = http.generate("{\"model\":\"gpt-image-1\",\"prompt\":\"a red fox\",\"n\":2,\"size\":\"1024x1536\",\"quality\":\"high\"}");
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.data()).hasSize(2);
    BufferedImage image = r.image(1);
    assertThat(image.getWidth()).isEqualTo(1024);
    assertThat(image.getHeight()).isEqualTo(1536);
    assertThat(r.json()).containsEntry("size", "1024x1536").containsEntry("quality", "high")
        .containsEntry("output_format", "png").containsEntry("background", "opaque");
    @SuppressWarnings("unchecked")
    Map<String, Object> usage = (Map<String, Object>) r.json().get("usage");
    assertThat(usage).containsEntry("output_tokens", new BigDecimal(12480)).containsEntry("input_tokens", new BigDecimal(3));
    assertThat(r.headers().get("x-request-id")).startsWith("req_");
    assertThat(r.headers().get("x-ratelimit-limit-requests")).isEqualTo("10000");
    assertThat(r.headers().get("x-ratelimit-remaining-requests")).isEqualTo("9999");
    assertThat(r.headers().get("x-ratelimit-reset-requests")).isEqualTo("6ms");
    assertThat(sim.ledger().total()).isEqualTo(1);
    assertThat(sim.ledger().images()).isEqualTo(2);
    // 3 text tokens at $5 and 12,480 output tokens at $40 per million
    assertThat(sim.ledger().cost()).isEqualByComparingTo("0.499215");
    assertThat(sim.ledger().byEndpoint()).containsEntry("POST /v1/images/generations", 1);
  }

  @Test
  void gptImage2MakesAnyValidSizeExactlyAndJpegWhenAsked() throws Exception {
    start(OpenAiSimulator.builder());
    Http.Reply r = http.generate("{\"model\":\"gpt-image-2-2026-04-21\",\"prompt\":\"p\",\"size\":\"1088x1360\",\"output_format\":\"jpeg\"}");
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.image(0).getWidth()).isEqualTo(1088);
    assertThat(r.image(0).getHeight()).isEqualTo(1360);
    assertThat((String) r.data().get(0).get("b64_json")).startsWith("/9j/"); // JPEG magic in base64
  }

  @Test
  void eachModelsRulesAnswer400WithParamAndCode() throws Exception {
    start(OpenAiSimulator.builder());
    Object[][] cases = {
        {"{\"prompt\":\"p\"}", "model", "missing_required_parameter"},
        {"{\"model\":\"gpt-image-9\",\"prompt\":\"p\"}", "model", "invalid_value"},
        {"{\"model\":\"dall-e-3\",\"prompt\":\"p\",\"n\":2}", "n", "integer_above_max_value"},
        {"{\"model\":\"gpt-image-1\",\"prompt\":\"p\",\"size\":\"1792x1024\"}", "size", "invalid_value"},
        {"{\"model\":\"gpt-image-2\",\"prompt\":\"p\",\"size\":\"1000x1000\"}", "size", "invalid_value"},
        {"{\"model\":\"gpt-image-2\",\"prompt\":\"p\",\"size\":\"3840x1024\"}", "size", "invalid_value"},
        {"{\"model\":\"gpt-image-1\",\"prompt\":\"p\",\"background\":\"transparent\",\"output_format\":\"jpeg\"}", "background", "invalid_value"},
        {"{\"model\":\"gpt-image-1\",\"prompt\":\"p\",\"output_compression\":50}", "output_compression", "invalid_value"},
        {"{\"model\":\"gpt-image-1\",\"prompt\":\"p\",\"response_format\":\"url\"}", "response_format", "unknown_parameter"},
        {"{\"model\":\"dall-e-3\",\"prompt\":\"p\",\"quality\":\"high\"}", "quality", "invalid_value"},
        {"{\"model\":\"dall-e-2\",\"prompt\":\"p\",\"style\":\"vivid\"}", "style", "unknown_parameter"},
        {"{\"model\":\"dall-e-2\",\"prompt\":\"" + "x".repeat(1001) + "\"}", "prompt", "string_above_max_length"},
        {"{\"model\":\"gpt-image-1\",\"prompt\":\"p\",\"output_format\":\"webp\"}", "output_format", "unsupported_in_simulator"},
        {"{\"model\":\"gpt-image-1\",\"prompt\":\"p\",\"seed\":1}", "seed", "unknown_parameter"},
    };
    for (Object[] c : cases) {
      Http.Reply r = http.generate((String) c[0]);
      assertThat(r.code()).as((String) c[0]).isEqualTo(400);
      assertThat(r.error()).as((String) c[0]).containsEntry("param", c[1]).containsEntry("code", c[2])
          .containsEntry("type", "invalid_request_error");
    }
    assertThat(sim.ledger().total()).isZero();
  }

  @Test
  void editsTakeRepeatedImagePartsAndAMaskAndCheckThem() throws Exception {
    start(OpenAiSimulator.builder());
    byte[] a = TestImages.png(1, 64, 80);
    byte[] b = TestImages.jpeg(2, 32, 32);
    var form = Http.form("gpt-image-1", "merge these").addFormDataPart("input_fidelity", "high").addFormDataPart("size", "1024x1536");
    Http.file(form, "image[]", "a.png", a, Http.PNG);
    Http.file(form, "image[]", "b.jpg", b, okhttp3.MediaType.get("image/jpeg"));
    Http.file(form, "mask", "mask.png", TestImages.png(3, 64, 80), Http.PNG);
    Http.Reply ok = http.edit(form.build());
    assertThat(ok.code()).as(ok.body()).isEqualTo(200);
    assertThat(ok.image(0).getHeight()).isEqualTo(1536);
    @SuppressWarnings("unchecked")
    Map<String, Object> details = (Map<String, Object>) ((Map<String, Object>) ok.json().get("usage")).get("input_tokens_details");
    assertThat(details).containsEntry("image_tokens", new BigDecimal(2 * 4160));

    var wrongMask = Http.form("gpt-image-1", "p");
    Http.file(wrongMask, "image", "a.png", a, Http.PNG);
    Http.file(wrongMask, "mask", "mask.png", TestImages.png(3, 64, 64), Http.PNG);
    assertThat(http.edit(wrongMask.build()).error()).containsEntry("param", "mask").containsEntry("code", "invalid_image_dimensions");

    var lying = Http.form("gpt-image-1", "p");
    Http.file(lying, "image", "a.png", b, Http.PNG); // JPEG bytes labelled PNG
    assertThat(http.edit(lying.build()).error()).containsEntry("param", "image").containsEntry("code", "invalid_image_format");

    var notSquare = Http.form("dall-e-2", "p");
    Http.file(notSquare, "image", "a.png", a, Http.PNG);
    assertThat(http.edit(notSquare.build()).error()).containsEntry("param", "image").containsEntry("code", "invalid_image_format");

    var moderation = Http.form("gpt-image-1", "p").addFormDataPart("moderation", "low");
    Http.file(moderation, "image", "a.png", a, Http.PNG);
    assertThat(http.edit(moderation.build()).error()).containsEntry("param", "moderation").containsEntry("code", "unknown_parameter");

    var mini = Http.form("gpt-image-1-mini", "p").addFormDataPart("input_fidelity", "high");
    Http.file(mini, "image", "a.png", a, Http.PNG);
    assertThat(http.edit(mini.build()).error()).containsEntry("param", "input_fidelity");

    assertThat(http.edit(Http.form("gpt-image-1", "no image").build()).error()).containsEntry("param", "image")
        .containsEntry("code", "missing_required_parameter");
    assertThat(sim.ledger().total()).isEqualTo(1);
    assertThat(sim.ledger().byEndpoint()).containsEntry("POST /v1/images/edits", 7);
  }

  @Test
  void dallE3AnswersAUrlOnThisHostThatServesThePng() throws Exception {
    start(OpenAiSimulator.builder());
    Http.Reply r = http.generate("{\"model\":\"dall-e-3\",\"prompt\":\"a lighthouse\",\"size\":\"1024x1792\",\"quality\":\"hd\"}");
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.json()).doesNotContainKey("usage");
    assertThat(r.data().get(0)).containsEntry("revised_prompt", "A detailed rendering of: a lighthouse");
    Http.Reply file = http.get((String) r.data().get(0).get("url"));
    assertThat(file.code()).isEqualTo(200);
    assertThat(file.headers().get("Content-Type")).isEqualTo("image/png");
    assertThat(sim.ledger().cost()).isEqualByComparingTo("0.12");
    assertThat(sim.ledger().downloads()).isEqualTo(1);
    assertThat(sim.ledger().downloadsWithAuthorization()).isZero();
  }

  @Test
  void unknownKeysGet401WithTheKeyMasked() throws Exception {
    start(OpenAiSimulator.builder());
    Http.Reply r = new Http(sim.baseUrl(), "sk-wrong-key-1234567890").generate("{\"model\":\"gpt-image-1\",\"prompt\":\"p\"}");
    assertThat(r.code()).isEqualTo(401);
    assertThat(r.error()).containsEntry("code", "invalid_api_key");
    assertThat(r.body()).contains("sk-*****7890").doesNotContain("sk-wrong-key-1234567890");
    assertThat(new Http(sim.baseUrl(), null).generate("{}").code()).isEqualTo(401);
  }

  @Test
  void aSpentBudgetAnswers429WithRetryAfterAndRefillsWithTheClock() throws Exception {
    Http.MutableClock clock = new Http.MutableClock();
    start(OpenAiSimulator.builder().rateLimit(2).clock(clock));
    String body = "{\"model\":\"gpt-image-1-mini\",\"prompt\":\"p\",\"quality\":\"low\"}";
    assertThat(http.generate(body).headers().get("x-ratelimit-remaining-requests")).isEqualTo("1");
    Http.Reply second = http.generate(body);
    assertThat(second.headers().get("x-ratelimit-remaining-requests")).isEqualTo("0");
    assertThat(second.headers().get("x-ratelimit-reset-requests")).isEqualTo("1m0s");
    Http.Reply third = http.generate(body);
    assertThat(third.code()).isEqualTo(429);
    assertThat(third.error()).containsEntry("code", "rate_limit_exceeded").containsEntry("type", "requests");
    assertThat(third.headers().get("retry-after-ms")).isEqualTo("30000");
    assertThat(third.headers().get("retry-after")).isEqualTo("30");
    clock.advance(java.time.Duration.ofSeconds(30));
    assertThat(http.generate(body).code()).isEqualTo(200);
    assertThat(sim.ledger().total()).isEqualTo(3);
    assertThat(sim.ledger().duplicates()).hasSize(2).allMatch(d -> d.contains("token sk-si…"));
  }

  @Test
  void faultsBeforeTheChargeChargeNothingAndFaultsAfterItDo() throws Exception {
    start(OpenAiSimulator.builder().faults(OpenAiSimulator.Faults.builder().serverErrors(1).build()));
    Http.Reply busy = http.generate("{\"model\":\"gpt-image-1\",\"prompt\":\"p\"}");
    assertThat(busy.code()).isIn(502, 503);
    if (busy.code() == 503) assertThat(busy.headers().get("x-should-retry")).isEqualTo("true");
    close();
    start(OpenAiSimulator.builder().faults(OpenAiSimulator.Faults.builder().resetsBeforeAnswer(1).build()));
    assertThatThrownBy(() -> http.generate("{\"model\":\"gpt-image-1\",\"prompt\":\"p\"}")).isInstanceOf(IOException.class);
    assertThat(sim.ledger().total()).isZero();
    close();
    start(OpenAiSimulator.builder().faults(OpenAiSimulator.Faults.builder().moderationBlocks(1).build()));
    assertThat(http.generate("{\"model\":\"gpt-image-1\",\"prompt\":\"p\"}").error()).containsEntry("code", "moderation_blocked");
    assertThat(sim.ledger().total()).isZero();
    close();
    start(OpenAiSimulator.builder().faults(OpenAiSimulator.Faults.builder().dropAfterCharge(1).build()));
    assertThatThrownBy(() -> http.generate("{\"model\":\"gpt-image-1\",\"prompt\":\"p\"}")).isInstanceOf(IOException.class);
    assertThat(sim.ledger().total()).isEqualTo(1);
    close();
    start(OpenAiSimulator.builder().faults(OpenAiSimulator.Faults.builder().internalErrors(1).build()));
    Http.Reply internal = http.generate("{\"model\":\"gpt-image-1\",\"prompt\":\"p\"}");
    assertThat(internal.code()).isEqualTo(500);
    assertThat(internal.headers().get("x-should-retry")).isEqualTo("true");
    assertThat(sim.ledger().total()).isEqualTo(1);
    close();
    start(OpenAiSimulator.builder().faults(OpenAiSimulator.Faults.builder().malformedJson(1).build()));
    Http.Reply cut = http.generate("{\"model\":\"gpt-image-1\",\"prompt\":\"p\"}");
    assertThat(cut.code()).isEqualTo(200);
    assertThatThrownBy(cut::json).isInstanceOf(IllegalArgumentException.class);
    assertThat(sim.ledger().total()).isEqualTo(1);
    assertThat(sim.ledger().faults()).containsEntry("malformedJson", 1);
  }

  @Test
  void goDurationsAreWrittenAsOpenAiWritesThem() {
    assertThat(List.of(Limiter.goDuration(0), Limiter.goDuration(20), Limiter.goDuration(1000), Limiter.goDuration(1500),
        Limiter.goDuration(360_000), Limiter.goDuration(3_723_500)))
        .containsExactly("0s", "20ms", "1s", "1.5s", "6m0s", "1h2m3.5s");
  }
}
