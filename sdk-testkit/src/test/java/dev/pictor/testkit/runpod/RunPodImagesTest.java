package dev.pictor.testkit.runpod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.testkit.TestImages;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The public FLUX endpoints: input validation, the {@code {image_url, cost}} output and the image host. */
class RunPodImagesTest {
  private static final String KEY = "rpa_images_test_key_00000001";
  private static final String KONTEXT = RunPodSimulator.FLUX_KONTEXT_DEV;
  private static final String SOURCE = "https://cdn.example.com/inputs/cat.png";

  private RunPodSimulator sim;

  @AfterEach
  void close() {
    if (sim != null) sim.close();
  }

  private Http kontext() {
    return Http.of(sim, KONTEXT, KEY);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> output(Map<String, Object> job) {
    return (Map<String, Object>) job.get("output");
  }

  @Test
  void kontextAnswersAnImageUrlAndItsCostAndTheImageDownloadsWithoutTheKey() throws Exception {
    sim = RunPodSimulator.builder().build().start();
    Http.Reply reply = kontext().post("/runsync", "{\"input\":{\"prompt\":\"make it snow\",\"image\":\"" + SOURCE + "\","
        + "\"size\":\"1024*1024\",\"num_inference_steps\":28,\"guidance\":2,\"seed\":42,\"output_format\":\"png\","
        + "\"enable_safety_checker\":true,\"negative_prompt\":\"blur\"}}");
    assertThat(reply.code()).isEqualTo(200);
    Map<String, Object> out = output(reply.json());
    assertThat(out).containsOnlyKeys("image_url", "cost");
    assertThat(out.get("cost")).isEqualTo(new BigDecimal("0.031457")); // the documented example at 1024*1024
    String url = (String) out.get("image_url");
    assertThat(url).startsWith(sim.deliveryBaseUrl() + "/" + KONTEXT + "/").endsWith(".png");

    try (Response image = Http.CLIENT.newCall(new Request.Builder().url(url).build()).execute()) {
      assertThat(image.code()).isEqualTo(200);
      assertThat(image.header("Content-Type")).isEqualTo("image/png");
      assertThat(image.body().bytes()).isEqualTo(TestImages.png(42, 64, 64));
    }
    assertThat(sim.ledger().downloads()).isEqualTo(1);
    assertThat(sim.ledger().downloadsWithAuthorization()).isZero();
    // A client that sends its key to the image host is caught.
    Http.call(new Request.Builder().url(url).header("Authorization", "Bearer " + KEY).build());
    assertThat(sim.ledger().downloads()).isEqualTo(2);
    assertThat(sim.ledger().downloadsWithAuthorization()).isEqualTo(1);
    assertThat(sim.ledger().cost()).isEqualTo(new BigDecimal("0.031457"));
  }

  @Test
  void theSeedFormatAndSizeShapeTheOutput() throws Exception {
    sim = RunPodSimulator.builder().build().start();
    Map<String, Object> jpeg = kontext().post("/runsync", "{\"input\":{\"prompt\":\"p\",\"image\":\"" + SOURCE + "\","
        + "\"output_format\":\"jpeg\",\"seed\":7,\"size\":\"512*768\"}}").json();
    String url = (String) output(jpeg).get("image_url");
    assertThat(url).endsWith(".jpeg");
    assertThat(Http.CLIENT.newCall(new Request.Builder().url(url).build()).execute().body().bytes())
        .isEqualTo(TestImages.jpeg(7, 64, 64));
    assertThat(output(jpeg).get("cost")).isEqualTo(new BigDecimal("0.011796")); // 0.03 x 0.393216 MP

    Map<String, Object> random = kontext().post("/runsync", "{\"input\":{\"prompt\":\"p\",\"image\":\"" + SOURCE + "\",\"seed\":-1}}").json();
    String id = (String) random.get("id");
    byte[] bytes = Http.CLIENT.newCall(new Request.Builder().url((String) output(random).get("image_url")).build()).execute().body().bytes();
    assertThat(bytes).isEqualTo(TestImages.png(id.hashCode() & 0x7fffffffL, 64, 64));
  }

  @Test
  void fluxDevAndSchnellTakeWidthAndHeightAndArePricedPerMegapixel() throws Exception {
    sim = RunPodSimulator.builder().build().start();
    Map<String, Object> schnell = Http.of(sim, RunPodSimulator.FLUX_SCHNELL, KEY).post("/runsync",
        "{\"input\":{\"prompt\":\"a fox\",\"width\":1024,\"height\":1024,\"num_inference_steps\":4,\"guidance\":7,\"image_format\":\"png\"}}").json();
    assertThat(schnell).containsEntry("status", "COMPLETED");
    assertThat(output(schnell).get("cost")).isEqualTo(new BigDecimal("0.002517"));
    Map<String, Object> dev = Http.of(sim, RunPodSimulator.FLUX_DEV, KEY).post("/runsync",
        "{\"input\":{\"prompt\":\"a fox\",\"width\":512,\"height\":512}}").json();
    assertThat(output(dev).get("cost")).isEqualTo(new BigDecimal("0.005243"));
    assertThat(sim.ledger().cost()).isEqualTo(new BigDecimal("0.007760"));
    Http.Reply noPrompt = Http.of(sim, RunPodSimulator.FLUX_DEV, KEY).post("/runsync", "{\"input\":{\"width\":512}}");
    assertThat(noPrompt.code()).isEqualTo(400);
    assertThat(noPrompt.json()).containsEntry("status", "FAILED");
  }

  @Test
  void invalidKontextInputFailsTheJobAndRunsyncAnswers400() throws Exception {
    sim = RunPodSimulator.builder().build().start();
    String[][] cases = {
        {"{\"image\":\"" + SOURCE + "\"}", "prompt"},
        {"{\"prompt\":\"\",\"image\":\"" + SOURCE + "\"}", "prompt"},
        {"{\"prompt\":\"p\"}", "image"},
        {"{\"prompt\":\"p\",\"image\":\"ftp://example.com/a.png\"}", "image"},
        {"{\"prompt\":\"p\",\"image\":42}", "image"},
        {"{\"prompt\":\"p\",\"image\":\"" + SOURCE + "\",\"size\":\"1024x1024\"}", "size"},
        {"{\"prompt\":\"p\",\"image\":\"" + SOURCE + "\",\"size\":\"0*1024\"}", "size"},
        {"{\"prompt\":\"p\",\"image\":\"" + SOURCE + "\",\"num_inference_steps\":0}", "num_inference_steps"},
        {"{\"prompt\":\"p\",\"image\":\"" + SOURCE + "\",\"num_inference_steps\":51}", "num_inference_steps"},
        {"{\"prompt\":\"p\",\"image\":\"" + SOURCE + "\",\"guidance\":10.5}", "guidance"},
        {"{\"prompt\":\"p\",\"image\":\"" + SOURCE + "\",\"guidance\":-0.1}", "guidance"},
        {"{\"prompt\":\"p\",\"image\":\"" + SOURCE + "\",\"seed\":1.5}", "seed"},
        {"{\"prompt\":\"p\",\"image\":\"" + SOURCE + "\",\"output_format\":\"webp\"}", "output_format"},
        {"{\"prompt\":\"p\",\"image\":\"" + SOURCE + "\",\"enable_safety_checker\":\"yes\"}", "enable_safety_checker"},
        {"{\"prompt\":\"p\",\"image\":\"data:image/png;base64,!!!\"}", "image"}};
    Http http = kontext();
    for (String[] c : cases) {
      Http.Reply sync = http.post("/runsync", "{\"input\":" + c[0] + "}");
      assertThat(sync.code()).as(c[0]).isEqualTo(400);
      assertThat(sync.json()).as(c[0]).containsEntry("status", "FAILED").doesNotContainKey("output");
      assertThat((String) sync.get("error")).as(c[0]).contains(c[1]);
    }
    String id = http.run("{\"prompt\":\"p\",\"size\":\"1024x1024\",\"image\":\"" + SOURCE + "\"}");
    Map<String, Object> failed = http.pollUntil(id, "FAILED");
    assertThat((String) failed.get("error")).contains("size").contains("W*H");
    assertThat(sim.ledger().total()).isEqualTo(cases.length + 1);
    assertThat(sim.ledger().completed()).isZero();
  }

  @Test
  void kontextTakesTheImageAsADataUriUnlessTurnedOff() throws Exception {
    String dataUri = "data:image/png;base64," + Base64.getEncoder().encodeToString(TestImages.png(1, 8, 8));
    String body = "{\"input\":{\"prompt\":\"p\",\"image\":\"" + dataUri + "\"}}";
    sim = RunPodSimulator.builder().build().start();
    assertThat(kontext().post("/runsync", body).get("status")).isEqualTo("COMPLETED");
    sim.close();
    sim = RunPodSimulator.builder().dataUriImages(false).build().start();
    Http.Reply refused = kontext().post("/runsync", body);
    assertThat(refused.code()).isEqualTo(400);
    assertThat((String) refused.get("error")).contains("data URIs are not accepted");
    assertThat(kontext().post("/runsync", "{\"input\":{\"prompt\":\"p\",\"image\":\"" + SOURCE + "\"}}").get("status"))
        .isEqualTo("COMPLETED");
  }

  @Test
  void imageUrlsExpireAfterSevenDays() throws Exception {
    Http.MutableClock clock = new Http.MutableClock();
    sim = RunPodSimulator.builder().clock(clock).build().start();
    String url = (String) output(kontext().post("/runsync", "{\"input\":{\"prompt\":\"p\",\"image\":\"" + SOURCE + "\"}}").json())
        .get("image_url");
    clock.advance(Duration.ofDays(7));
    assertThat(Http.call(new Request.Builder().url(url).build()).code()).isEqualTo(200);
    clock.advance(Duration.ofMillis(1));
    assertThat(Http.call(new Request.Builder().url(url).build()).code()).isEqualTo(404);
    assertThat(sim.ledger().downloads()).isEqualTo(1);
  }
}
