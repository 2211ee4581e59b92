package dev.pictor.replicate.internal;

import dev.pictor.spi.ProviderCall;
import dev.pictor.spi.ProviderJob;
import dev.pictor.spi.ProviderRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Creates, reads and cancels predictions. A create prepares its input (inline images, uploads) and
 * its target (a community model's version), then posts once to the official-model, version or
 * deployment endpoint with {@code Prefer: wait=N} and, given a deadline, {@code Cancel-After}. An
 * official-model endpoint that answers 404 is retried once on the model's latest version (nothing was
 * created). Thread-safe.
 */
public final class Predictions {
  /** The create's read timeout is the wait plus this margin. */
  static final Duration WAIT_MARGIN = Duration.ofSeconds(10);
  /** Replicate's minimum for {@code Cancel-After}. */
  static final long MIN_CANCEL_AFTER_SECONDS = 5;

  private final Settings settings;
  private final Api api;
  private final Models models;
  private final Versions versions;
  private final Inputs inputs;
  private final Parser parser;
  private final Ledger ledger;
  /** The core's client and the one derived from it with a longer read timeout, derived once. */
  private final AtomicReference<OkHttpClient[]> waiting = new AtomicReference<>();

  public Predictions(Settings settings, Api api, Models models, Versions versions, Inputs inputs, Parser parser, Ledger ledger) {
    this.settings = settings;
    this.api = api;
    this.models = models;
    this.versions = versions;
    this.inputs = inputs;
    this.parser = parser;
    this.ledger = ledger;
  }

  private record Prepared(Map<String, Object> input, Target target) {}

  public CompletableFuture<ProviderJob> create(ProviderCall call, ProviderRequest request) {
    Op<ProviderJob> op = new Op<>();
    CompletableFuture<ProviderJob> chain;
    try {
      ModelEntry entry = models.entryFor(request.model());
      ledger.sentWith(request.jobId(), call.tokenLabel());
      CompletableFuture<Map<String, Object>> input = inputs.encode(call, op, request.request().images())
          .thenApply(values -> Mapper.input(entry, request, values));
      CompletableFuture<Target> target = target(call, op, request.model().providerRef(), entry.community());
      chain = dev.pictor.spi.ProviderHttp.beforeCreate(input.thenCombine(target, Prepared::new))
          .thenCompose(p -> send(call, op, request, p, true));
    } catch (RuntimeException e) {
      chain = CompletableFuture.failedFuture(e);
    }
    return op.finish(chain);
  }

  /** Where a create for {@code providerRef} goes, a community model's version looked up if need be. */
  public CompletableFuture<Target> target(ProviderCall call, Op<?> op, String providerRef, boolean community) {
    Target t = Target.of(providerRef, community);
    if (t.kind() == Target.Kind.OFFICIAL && versions.isNotOfficial(t.model())) t = Target.of(providerRef, true);
    if (t.kind() != Target.Kind.LATEST_VERSION) return CompletableFuture.completedFuture(t);
    String model = t.model();
    return versions.latest(call, op, model).thenApply(v -> Target.version(model, v));
  }

  private CompletableFuture<ProviderJob> send(ProviderCall call, Op<?> op, ProviderRequest request, Prepared p, boolean fallback) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (p.target().kind() == Target.Kind.VERSION) body.put("version", p.target().version());
    body.put("input", p.input());
    if (settings.webhookUrl() != null) {
      body.put("webhook", settings.webhookUrl());
      if (!settings.webhookEvents().isEmpty()) body.put("webhook_events_filter", settings.webhookEvents());
    }
    Request.Builder http = api.request(call, settings.url(p.target().createPath()))
        .header("Prefer", "wait=" + settings.waitSeconds())
        .post(RequestBody.create(Json.write(call.moshi(), body), Api.JSON));
    if (request.deadline() != null) http.header("Cancel-After", cancelAfter(request.deadline(), call.clock().now()));
    return api.exchange(op, waitingClient(call.http()), http.build(), true).thenCompose(answer -> {
      if (answer.code() == 404 && fallback && p.target().kind() == Target.Kind.OFFICIAL) {
        String model = p.target().model();
        versions.markNotOfficial(model);
        return dev.pictor.spi.ProviderHttp.beforeCreate(versions.latest(call, op, model))
            .thenCompose(v -> send(call, op, request, new Prepared(p.input(), Target.version(model, v)), false));
      }
      ProviderJob job = parser.parse(api.check(call, answer, true));
      ledger.claim(job.providerJobId());
      return CompletableFuture.completedFuture(job);
    });
  }

  public CompletableFuture<ProviderJob> get(ProviderCall call, String id) {
    Op<ProviderJob> op = new Op<>();
    return op.finish(api.get(call, op, "predictions/" + id).thenApply(parser::parse));
  }

  public CompletableFuture<Void> cancel(ProviderCall call, String id) {
    Op<Void> op = new Op<>();
    Request http = api.request(call, settings.url("predictions/" + id + "/cancel")).post(RequestBody.create(new byte[0])).build();
    return op.finish(api.json(call, op, call.http(), http, false).thenApply(prediction -> null));
  }

  /** {@code Cancel-After} for a deadline: whole seconds left, at least Replicate's minimum, as {@code 1h2m3s}. */
  static String cancelAfter(Instant deadline, Instant now) {
    long ms = Duration.between(now, deadline).toMillis();
    long s = Math.max(MIN_CANCEL_AFTER_SECONDS, (ms + 999) / 1000);
    StringBuilder out = new StringBuilder();
    if (s >= 3600) out.append(s / 3600).append('h');
    if (s % 3600 >= 60) out.append(s % 3600 / 60).append('m');
    if (s % 60 > 0) out.append(s % 60).append('s');
    return out.toString();
  }

  /** The core's client with a read timeout (and call timeout, if set) longer than the wait; cached per client. */
  OkHttpClient waitingClient(OkHttpClient base) {
    OkHttpClient[] cached = waiting.get();
    if (cached != null && cached[0] == base) return cached[1];
    long needed = Duration.ofSeconds(settings.waitSeconds()).plus(WAIT_MARGIN).toMillis();
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
