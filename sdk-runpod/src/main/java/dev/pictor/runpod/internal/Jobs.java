package dev.pictor.runpod.internal;

import dev.pictor.InvalidRequestException;
import dev.pictor.spi.ProviderCall;
import dev.pictor.spi.ProviderJob;
import dev.pictor.spi.ProviderRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Submits, reads and cancels jobs. A submit resolves its images (inline or uploaded), then posts once
 * to {@code /runsync?wait=N} (or {@code /run}) with the input, the per-job webhook URL and the policy
 * from the deadline; a sync answer that is not finished yet is polled on {@code /status} by the core.
 * A {@code /status} 404 means the job is gone: it ends expired. Thread-safe.
 */
public final class Jobs {
  /** The submit's read timeout is the wait plus this margin. */
  static final Duration WAIT_MARGIN = Duration.ofSeconds(10);
  static final long MAX_RUNSYNC_BYTES = 20L * 1024 * 1024;
  static final long MAX_RUN_BYTES = 10L * 1024 * 1024;
  static final long MIN_WAIT_MS = 1_000;

  private final Settings settings;
  private final Api api;
  private final Models models;
  private final Inputs inputs;
  private final Parser parser;
  /** The core's client and the one derived from it with a read timeout longer than the wait, derived once. */
  private final AtomicReference<OkHttpClient[]> waiting = new AtomicReference<>();

  public Jobs(Settings settings, Api api, Models models, Inputs inputs, Parser parser) {
    this.settings = settings;
    this.api = api;
    this.models = models;
    this.inputs = inputs;
    this.parser = parser;
  }

  public CompletableFuture<ProviderJob> create(ProviderCall call, ProviderRequest request) {
    Op<ProviderJob> op = new Op<>();
    CompletableFuture<ProviderJob> chain;
    try {
      Models.Entry entry = models.entryFor(request.model());
      chain = dev.pictor.spi.ProviderHttp.beforeCreate(inputs.encode(op, request.jobId(), request.request().images(), entry))
          .thenCompose(images -> send(call, op, request, entry, images));
    } catch (RuntimeException e) {
      chain = CompletableFuture.failedFuture(e);
    }
    return op.finish(chain);
  }

  private CompletableFuture<ProviderJob> send(ProviderCall call, Op<?> op, ProviderRequest request, Models.Entry entry,
      List<String> images) {
    Instant now = call.clock().now();
    String endpoint = entry.endpointId();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("input", Mapper.input(entry, request, images));
    if (settings.webhookUrl() != null) {
      body.put("webhook", settings.webhookTokens().url(settings.webhookUrl(), request.jobId(), endpoint));
    }
    Map<String, Object> policy = Mapper.policy(request.deadline(), now);
    if (policy != null) body.put("policy", policy);
    byte[] json = Json.write(call.moshi(), body).getBytes(StandardCharsets.UTF_8);
    String path = settings.asyncSubmit() ? "run" : "runsync";
    long max = settings.asyncSubmit() ? MAX_RUN_BYTES : MAX_RUNSYNC_BYTES;
    if (json.length > max) {
      throw new InvalidRequestException("images", "the /" + path + " body would be " + json.length + " bytes; RunPod accepts at most "
          + max + ": send large images by URL (an InputUploader) rather than inline", Settings.PROVIDER, null);
    }
    HttpUrl url = settings.url(endpoint, path);
    if (!settings.asyncSubmit()) url = url.newBuilder().addQueryParameter("wait", Long.toString(waitMillis(request.deadline(), now))).build();
    Request http = api.request(call, url).post(RequestBody.create(json, Api.JSON)).build();
    OkHttpClient client = settings.asyncSubmit() ? call.http() : waitingClient(call.http());
    return api.exchange(op, client, http, true).thenApply(answer -> {
      if (answer.code() == 404) {
        String text = Errors.message(call.moshi(), answer.body(), answer.headers().get("Content-Type"));
        throw new InvalidRequestException("model", "runpod answered 404 for endpoint " + endpoint + (text == null ? "" : " (" + text + ")")
            + ": no such endpoint, or this API key cannot use it; check the endpoint id", Settings.PROVIDER, null);
      }
      return parser.parse(endpoint, api.check(call, answer, true));
    });
  }

  /** The job's current state; a 404 means its result is gone, and it ends expired. */
  public CompletableFuture<ProviderJob> get(ProviderCall call, String providerJobId) {
    Op<ProviderJob> op = new Op<>();
    CompletableFuture<ProviderJob> chain;
    try {
      String endpoint = JobIds.endpoint(providerJobId);
      String id = JobIds.runpodId(providerJobId);
      Request http = api.request(call, settings.url(endpoint, "status/" + id)).get().build();
      chain = api.exchange(op, call.http(), http, false)
          .thenApply(a -> a.code() == 404 ? Parser.gone(endpoint, id) : parser.parse(endpoint, api.check(call, a, false)));
    } catch (RuntimeException e) {
      chain = CompletableFuture.failedFuture(e);
    }
    return op.finish(chain);
  }

  /** Cancels the job; a job RunPod no longer has (404) needs no cancelling. */
  public CompletableFuture<Void> cancel(ProviderCall call, String providerJobId) {
    Op<Void> op = new Op<>();
    CompletableFuture<Void> chain;
    try {
      HttpUrl url = settings.url(JobIds.endpoint(providerJobId), "cancel/" + JobIds.runpodId(providerJobId));
      Request http = api.request(call, url).post(RequestBody.create(new byte[0])).build();
      chain = api.exchange(op, call.http(), http, false).thenApply(a -> {
        if (a.code() != 404) api.check(call, a, false);
        return null;
      });
    } catch (RuntimeException e) {
      chain = CompletableFuture.failedFuture(e);
    }
    return op.finish(chain);
  }

  /** {@code ?wait=}: the configured wait, or less when the deadline comes sooner; at least RunPod's 1 s. */
  long waitMillis(Instant deadline, Instant now) {
    long wait = settings.syncWait().toMillis();
    if (deadline != null) wait = Math.min(wait, Duration.between(now, deadline).toMillis());
    return Math.max(MIN_WAIT_MS, wait);
  }

  /** The core's client with a read timeout (and call timeout, if set) longer than the wait; cached per client. */
  OkHttpClient waitingClient(OkHttpClient base) {
    OkHttpClient[] cached = waiting.get();
    if (cached != null && cached[0] == base) return cached[1];
    long needed = settings.syncWait().plus(WAIT_MARGIN).toMillis();
    OkHttpClient derived = base;
    boolean readShort = base.readTimeoutMillis() != 0 && base.readTimeoutMillis() < needed;
    boolean callShort = base.callTimeoutMillis() != 0 && base.callTimeoutMillis() < needed;
    if (readShort || callShort) {
      OkHttpClient.Builder b = base.newBuilder();
      if (readShort) b.readTimeout(Duration.ofMillis(needed));
      if (callShort) b.callTimeout(Duration.ofMillis(needed));
      derived = b.build();
    }
    waiting.set(new OkHttpClient[] {base, derived});
    return derived;
  }
}
