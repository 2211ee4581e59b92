package dev.pictor.runpod;

import static dev.pictor.runpod.Wire.KONTEXT;
import static dev.pictor.runpod.Wire.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationRequest;
import dev.pictor.ImageInput;
import dev.pictor.JobStatus;
import dev.pictor.Money;
import dev.pictor.TokenPool;
import dev.pictor.spi.ProviderJob;
import dev.pictor.spi.ProviderRequest;
import dev.pictor.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** Every request shape: /runsync with its wait, /run, the body's input, webhook and policy, /status and /cancel. */
class JobPathsTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final String IMAGE = "https://cdn.example.com/shoe.jpg";

  @StartStop final MockWebServer api = new MockWebServer();
  final ManualClock clock = new ManualClock(NOW);

  private RunPodProvider.Builder builder() {
    return RunPodProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v2").toString());
  }

  static ProviderJob submit(RunPodProvider p, ManualClock clock, GenerationRequest r, Map<String, Object> params,
      Instant deadline) throws Exception {
    ProviderRequest req = new ProviderRequest("job-1", r, p.resolveModel(r.model()).orElseThrow(), params, deadline);
    return p.submit(TestCall.of(clock), req).get();
  }

  static Map<String, Object> params(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  static GenerationRequest kontext() {
    return GenerationRequest.edit("flux-kontext-dev").prompt("white studio background").image(ImageInput.ofUrl(IMAGE)).build();
  }

  @Test
  void aSubmitIsARunsyncWithTheDefaultWaitAndTheKontextInput() throws Exception {
    api.enqueue(json(200, Wire.job("sync-a1-e1", "COMPLETED", Wire.kontextOutput("https://image.runpod.ai/a.png", "0.031457"))));
    ProviderJob job = submit(builder().build(), clock, kontext(), params("width", 1536L, "height", 1024L,
        "num_inference_steps", 28L, "guidance", 2.5, "seed", -1L, "output_format", "jpeg", "enable_safety_checker", false), null);

    RecordedRequest r = api.takeRequest();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/v2/" + KONTEXT + "/runsync");
    assertThat(r.getUrl().queryParameter("wait")).isEqualTo("90000");
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + TestCall.TOKEN);
    assertThat(r.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(Wire.body(r)).isEqualTo(Wire.parse("{\"input\":{\"prompt\":\"white studio background\",\"image\":\"" + IMAGE + "\","
        + "\"size\":\"1536*1024\",\"num_inference_steps\":28,\"guidance\":2.5,\"seed\":-1,\"output_format\":\"jpeg\","
        + "\"enable_safety_checker\":false}}"));
    assertThat(job.providerJobId()).isEqualTo(KONTEXT + "/sync-a1-e1");
    assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(job.outputs().get(0).urlValue()).contains("https://image.runpod.ai/a.png");
    assertThat(job.cost()).contains(Money.usd("0.031457"));
    assertThat(job.queueDuration()).contains(Duration.ofMillis(1200));
    assertThat(job.processingDuration()).contains(Duration.ofMillis(3450));
  }

  @Test
  void theWaitIsConfigurableAndADeadlineShortensItAndBecomesThePolicy() throws Exception {
    RunPodProvider p = builder().syncWait(Duration.ofSeconds(300)).build();
    api.enqueue(json(200, Wire.job("sync-b", "IN_QUEUE", null)));
    api.enqueue(json(200, Wire.job("sync-c", "IN_PROGRESS", null)));
    api.enqueue(json(200, Wire.job("sync-d", "IN_QUEUE", null)));
    assertThat(submit(p, clock, kontext(), params(), null).status()).isEqualTo(JobStatus.SUBMITTED);
    assertThat(submit(p, clock, kontext(), params(), NOW.plusSeconds(45).plusNanos(1)).status()).isEqualTo(JobStatus.RUNNING);
    submit(p, clock, kontext(), params(), NOW.plusMillis(300));

    RecordedRequest plain = api.takeRequest();
    assertThat(plain.getUrl().queryParameter("wait")).isEqualTo("300000");
    assertThat(Wire.body(plain)).doesNotContainKey("policy");
    RecordedRequest soon = api.takeRequest();
    assertThat(soon.getUrl().queryParameter("wait")).isEqualTo("45000");
    assertThat(Wire.body(soon).get("policy")).isEqualTo(Wire.parse("{\"executionTimeout\":45001,\"ttl\":45001}"));
    RecordedRequest tooSoon = api.takeRequest();
    assertThat(tooSoon.getUrl().queryParameter("wait")).isEqualTo("1000");
    assertThat(Wire.body(tooSoon).get("policy")).isEqualTo(Wire.parse("{\"executionTimeout\":5000,\"ttl\":10000}"));
  }

  @Test
  void aLongDeadlineIsCappedAtSevenDays() throws Exception {
    api.enqueue(json(200, Wire.job("sync-e", "IN_QUEUE", null)));
    submit(builder().build(), clock, kontext(), params(), NOW.plus(Duration.ofDays(30)));
    assertThat(Wire.body(api.takeRequest()).get("policy"))
        .isEqualTo(Wire.parse("{\"executionTimeout\":604800000,\"ttl\":604800000}"));
  }

  @Test
  void asyncSubmitUsesRunWithoutAWait() throws Exception {
    RunPodProvider p = builder().asyncSubmit(true).build();
    api.enqueue(json(200, "{\"id\":\"eaebd6e7-6a92-4bb8-a911-f996ac5ea99d-u1\",\"status\":\"IN_QUEUE\"}"));
    ProviderJob job = submit(p, clock, kontext(), params(), null);

    RecordedRequest r = api.takeRequest();
    assertThat(r.getUrl().encodedPath()).isEqualTo("/v2/" + KONTEXT + "/run");
    assertThat(r.getUrl().query()).isNull();
    assertThat(job.status()).isEqualTo(JobStatus.SUBMITTED);
    assertThat(job.providerJobId()).isEqualTo(KONTEXT + "/eaebd6e7-6a92-4bb8-a911-f996ac5ea99d-u1");
    assertThat(p.rateLimits()).isEqualTo(RunPodProvider.ASYNC_LIMITS);
    assertThat(builder().build().rateLimits()).isEqualTo(RunPodProvider.SYNC_LIMITS);
  }

  @Test
  void fluxDevTakesWidthAndHeightAsTheyAre() throws Exception {
    api.enqueue(json(200, Wire.job("sync-f", "COMPLETED", Wire.kontextOutput("https://image.runpod.ai/f.png", "0.02"))));
    submit(builder().build(), clock, GenerationRequest.create("flux-dev").prompt("a fox").build(),
        params("width", 1024L, "height", 768L, "guidance", 3.5, "lora_scale", 0.7), null);
    RecordedRequest r = api.takeRequest();
    assertThat(r.getUrl().encodedPath()).isEqualTo("/v2/black-forest-labs-flux-1-dev/runsync");
    assertThat(Wire.input(r)).isEqualTo(Wire.parse("{\"prompt\":\"a fox\",\"width\":1024,\"height\":768,\"guidance\":3.5,"
        + "\"lora_scale\":0.7}"));
  }

  @Test
  void aRawEndpointIdAndAHostsOwnDeploymentAreCalledByTheirIds() throws Exception {
    RunPodProvider p = builder().endpoint("flux-kontext-dev", "kontext-own-42").endpoint("upscaler", "x9y8z7").build();
    for (String id : new String[] {"sync-g", "sync-h", "sync-i"}) api.enqueue(json(200, Wire.job(id, "IN_QUEUE", null)));
    submit(p, clock, GenerationRequest.create("abc123endpoint").prompt("p").build(), params("custom", "x"), null);
    submit(p, clock, kontext(), params("width", 1024L, "height", 1024L), null);
    submit(p, clock, GenerationRequest.upscale("upscaler").image(ImageInput.ofUrl(IMAGE)).build(), params("scale", 4L), null);

    RecordedRequest raw = api.takeRequest();
    assertThat(raw.getUrl().encodedPath()).isEqualTo("/v2/abc123endpoint/runsync");
    assertThat(Wire.input(raw)).isEqualTo(Wire.parse("{\"prompt\":\"p\",\"custom\":\"x\"}"));
    RecordedRequest own = api.takeRequest();
    assertThat(own.getUrl().encodedPath()).isEqualTo("/v2/kontext-own-42/runsync");
    assertThat(Wire.input(own)).containsEntry("size", "1024*1024");
    RecordedRequest added = api.takeRequest();
    assertThat(added.getUrl().encodedPath()).isEqualTo("/v2/x9y8z7/runsync");
    assertThat(Wire.input(added)).isEqualTo(Wire.parse("{\"image\":\"" + IMAGE + "\",\"scale\":4}"));
    assertThat(p.catalog().find("flux-kontext-dev-product").orElseThrow().providerRef()).isEqualTo("kontext-own-42");
  }

  @Test
  void aWebhookGoesInTheBodyWithItsTokenAndPollsBecomeABackstop() throws Exception {
    RunPodProvider p = builder().webhook("https://shop.example.com/hooks/runpod?site=eu").build();
    api.enqueue(json(200, Wire.job("sync-j", "IN_QUEUE", null)));
    ProviderJob job = submit(p, clock, kontext(), params(), null);

    String hook = (String) Wire.body(api.takeRequest()).get("webhook");
    okhttp3.HttpUrl url = okhttp3.HttpUrl.get(hook);
    assertThat(url.host()).isEqualTo("shop.example.com");
    assertThat(url.encodedPath()).isEqualTo("/hooks/runpod");
    assertThat(url.queryParameter("site")).isEqualTo("eu");
    assertThat(url.queryParameter("pictor_job")).isEqualTo("job-1");
    assertThat(url.queryParameter("pictor_endpoint")).isEqualTo(KONTEXT);
    assertThat(url.queryParameter("pictor_token")).matches("[A-Za-z0-9_-]{22}");
    assertThat(job.pollAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void aPollReadsStatusAndACancelPostsToCancel() throws Exception {
    RunPodProvider p = builder().build();
    api.enqueue(json(200, Wire.job("j-1", "IN_PROGRESS", null)));
    api.enqueue(json(200, "{\"id\":\"j-1\",\"status\":\"CANCELLED\"}"));
    api.enqueue(json(404, "{\"error\":\"request does not exist\"}"));
    ProviderJob polled = p.poll(TestCall.of(clock), KONTEXT + "/j-1").get();
    p.cancel(TestCall.of(clock), KONTEXT + "/j-1").get();
    p.cancel(TestCall.of(clock), KONTEXT + "/gone").get(); // a job RunPod no longer has needs no cancelling

    RecordedRequest poll = api.takeRequest();
    assertThat(poll.getMethod()).isEqualTo("GET");
    assertThat(poll.getUrl().encodedPath()).isEqualTo("/v2/" + KONTEXT + "/status/j-1");
    assertThat(poll.getHeaders().get("Authorization")).isEqualTo("Bearer " + TestCall.TOKEN);
    assertThat(polled.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(polled.pollAfter()).isEmpty();
    RecordedRequest cancel = api.takeRequest();
    assertThat(cancel.getMethod()).isEqualTo("POST");
    assertThat(cancel.getUrl().encodedPath()).isEqualTo("/v2/" + KONTEXT + "/cancel/j-1");
    assertThat(api.takeRequest().getUrl().encodedPath()).isEqualTo("/v2/" + KONTEXT + "/cancel/gone");
  }

  @Test
  void theSubmitsReadTimeoutCoversTheWaitButPollsKeepTheCoresOwn() throws Exception {
    RunPodProvider p = builder().syncWait(Duration.ofSeconds(120)).build();
    api.enqueue(json(200, Wire.job("sync-k", "IN_QUEUE", null)));
    api.enqueue(json(200, Wire.job("sync-l", "IN_QUEUE", null)));
    api.enqueue(json(200, Wire.job("sync-l", "IN_QUEUE", null)));
    java.util.List<Integer> timeouts = new java.util.concurrent.CopyOnWriteArrayList<>();
    okhttp3.OkHttpClient base = TestCall.HTTP.newBuilder().addNetworkInterceptor(chain -> {
      timeouts.add(chain.readTimeoutMillis());
      return chain.proceed(chain.request());
    }).build();
    TestCall call = new TestCall(clock, base);
    for (int i = 0; i < 2; i++) {
      p.submit(call, new ProviderRequest("job-" + i, kontext(), RunPodModels.FLUX_KONTEXT_DEV, params(), null)).get();
    }
    p.poll(call, KONTEXT + "/sync-l").get();
    assertThat(timeouts).containsExactly(130_000, 130_000, 5_000);
  }
}
