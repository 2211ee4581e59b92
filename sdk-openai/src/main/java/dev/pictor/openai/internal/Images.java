package dev.pictor.openai.internal;

import dev.pictor.JobStatus;
import dev.pictor.Money;
import dev.pictor.ProviderException;
import dev.pictor.spi.ProviderCall;
import dev.pictor.spi.ProviderHttp;
import dev.pictor.spi.ProviderJob;
import dev.pictor.spi.ProviderOutput;
import dev.pictor.spi.ProviderRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Runs image requests. OpenAI answers them synchronously, so a submit plans the request (every rule
 * checked before anything is sent), posts it once and returns the finished job: its outputs (base64
 * decoded block by block as the core reads it ({@link Base64Input}), cut to the ratio where the plan
 * crops; DALL-E URLs downloaded by the core), its cost and OpenAI's processing time. The job id is the answer's {@code x-request-id}, with
 * each output's metadata saying how it was made ({@code crop=1024x1536>1024x1280}). Thread-safe.
 */
public final class Images {
  /** Answers kept for polls. */
  static final int KEPT = 4;
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  private final Settings settings;
  private final Kept kept = new Kept(KEPT);
  /** The core's client and the one derived from it with the request timeout, derived once. */
  private final AtomicReference<OkHttpClient[]> timed = new AtomicReference<>();

  public Images(Settings settings) {
    this.settings = settings;
  }

  public CompletableFuture<ProviderJob> submit(ProviderCall call, ProviderRequest request) {
    Plan plan;
    Request http;
    try {
      plan = Planner.plan(request);
      http = request(call, plan, Bodies.of(plan));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    Instant sent = call.clock().now();
    CompletableFuture<Response> exchange = ProviderHttp.send(client(call.http(), request.deadline(), sent), http, Settings.PROVIDER);
    CompletableFuture<ProviderJob> job = exchange.thenApply(r -> answer(call, plan, r));
    job.whenComplete((v, e) -> {
      if (job.isCancelled()) exchange.cancel(true);
    });
    return job;
  }

  /** The job as answered, while it is kept; else expired, saying why. */
  public CompletableFuture<ProviderJob> poll(String providerJobId) {
    ProviderJob job = kept.get(providerJobId);
    if (job != null) return CompletableFuture.completedFuture(job);
    return CompletableFuture.completedFuture(ProviderJob.builder(providerJobId, JobStatus.EXPIRED).error("not_kept",
        "OpenAI answers image requests at once and keeps no job to read again: the images of " + providerJobId
            + " came with the submit's answer, and this process no longer holds them").build());
  }

  private Request request(ProviderCall call, Plan plan, RequestBody body) {
    Request.Builder b = new Request.Builder().url(settings.images(plan.operation())).header("User-Agent", Settings.USER_AGENT);
    if (call.token() != null) b.header("Authorization", "Bearer " + call.token());
    if (settings.organization() != null) b.header("OpenAI-Organization", settings.organization());
    if (settings.project() != null) b.header("OpenAI-Project", settings.project());
    return b.post(body).build();
  }

  private ProviderJob answer(ProviderCall call, Plan plan, Response response) {
    try (Response r = response) {
      RateHeaders.report(call, r.headers());
      if (!r.isSuccessful()) {
        String body;
        try {
          body = r.body().string();
        } catch (IOException e) {
          body = "";
        }
        throw Errors.of(r.code(), r.headers(), body, call.clock().now(), call.token());
      }
      Answer a;
      try {
        a = Answer.read(r.body().source());
      } catch (IOException | RuntimeException e) {
        throw new ProviderException(Settings.PROVIDER + ": the answer to POST " + r.request().url().encodedPath()
            + " could not be read (" + e + "); the images were probably made and charged, so it is not sent again",
            Settings.PROVIDER, r.code(), null, r.header("x-request-id"), ProviderException.Reach.AMBIGUOUS, e);
      }
      ProviderJob job = job(a, plan, r.headers());
      kept.put(job);
      return job;
    }
  }

  private ProviderJob job(Answer a, Plan plan, Headers headers) {
    Size made = Size.parse(a.size());
    if (made == null) made = plan.shape().generate();
    String id = id(headers.get("x-request-id"), a.created());
    List<ProviderOutput> outputs = new ArrayList<>(a.data().size());
    for (Answer.Item item : a.data()) {
      ProviderOutput out = output(item, plan);
      if (out != null) out = out.withMetadata(metadata(item, plan, made));
      if (out == null) {
        return ProviderJob.builder(id, JobStatus.FAILED).error("no_image", "openai answered an item without "
            + (plan.crops() ? "b64_json, which the crop needs" : "b64_json or url")).build();
      }
      outputs.add(out);
    }
    if (outputs.isEmpty()) {
      return ProviderJob.builder(id, JobStatus.FAILED).error("no_image", "openai answered without images").build();
    }
    ProviderJob.Builder b = ProviderJob.builder(id, JobStatus.SUCCEEDED).outputs(outputs);
    Money cost = cost(a, plan, made, outputs.size());
    if (cost != null) b.cost(cost);
    Duration processing = millis(headers.get("openai-processing-ms"));
    if (processing != null) b.processingDuration(processing);
    return b.build();
  }

  private static ProviderOutput output(Answer.Item item, Plan plan) {
    if (item.b64() == null) return plan.crops() || item.url() == null ? null : ProviderOutput.url(item.url());
    okio.Buffer b64 = item.b64();
    if (!plan.crops()) return ProviderOutput.stream(() -> new Base64Input(b64));
    String format = plan.format() == null ? "png" : plan.format();
    return ProviderOutput.stream(() -> new ByteArrayInputStream(
        Cropper.crop(new Base64Input(b64), plan.ratio(), format, plan.jpegQuality())));
  }

  private static Money cost(Answer a, Plan plan, Size made, int images) {
    Prices prices = plan.rules().prices();
    if (prices.byToken()) return a.usage() == null ? null : prices.ofUsage(a.usage());
    String quality = plan.quality() != null ? plan.quality() : plan.rules().qualities().get(0);
    Size size = made != null ? made : plan.rules().defaultSize();
    return prices.ofImages(quality, size.wire(), images);
  }

  /** {@code x-request-id}, else {@code img_<created>_<random>}. */
  static String id(String requestId, long created) {
    return requestId != null && SAFE_ID.matcher(requestId).matches() ? requestId
        : "img_" + created + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
  }

  /**
   * What the caller should know about an image: {@code size}, the size OpenAI made; {@code crop},
   * {@code <made>><kept>} when Pictor centre-cropped it to the asked ratio; {@code revised_prompt}
   * when dall-e-3 rewrote the prompt.
   */
  static java.util.Map<String, String> metadata(Answer.Item item, Plan plan, Size made) {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    if (made != null) m.put("size", made.wire());
    if (plan.crops()) {
      Size source = made != null ? made : plan.shape().generate();
      m.put("crop", source.wire() + ">" + Geometry.cropBox(source, plan.ratio()).wire());
    }
    if (item.revisedPrompt() != null) m.put("revised_prompt", item.revisedPrompt());
    return m;
  }

  private static Duration millis(String header) {
    if (header == null) return null;
    try {
      long ms = Long.parseLong(header.trim());
      return ms < 0 ? null : Duration.ofMillis(ms);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The core's client with the request timeout as its call and read timeout (OpenAI sends nothing
   * until the image is made), derived once per core client; a deadline nearer than the timeout
   * shortens the call's.
   */
  OkHttpClient client(OkHttpClient base, Instant deadline, Instant now) {
    OkHttpClient[] cached = timed.get();
    OkHttpClient c;
    if (cached != null && cached[0] == base) {
      c = cached[1];
    } else {
      long timeout = settings.requestTimeout().toMillis();
      OkHttpClient.Builder b = base.newBuilder().callTimeout(settings.requestTimeout());
      if (base.readTimeoutMillis() != 0 && base.readTimeoutMillis() < timeout) b.readTimeout(settings.requestTimeout());
      c = b.build();
      timed.set(new OkHttpClient[] {base, c});
    }
    if (deadline != null) {
      Duration left = Duration.between(now, deadline);
      if (left.compareTo(settings.requestTimeout()) < 0) {
        c = c.newBuilder().callTimeout(left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left).build();
      }
    }
    return c;
  }
}
