package dev.pictor.testkit;

import dev.pictor.Action;
import dev.pictor.CommonParameter;
import dev.pictor.GenerationException;
import dev.pictor.JobStatus;
import dev.pictor.ModelCatalog;
import dev.pictor.ModelSpec;
import dev.pictor.Money;
import dev.pictor.ParameterSpec;
import dev.pictor.ProviderException;
import dev.pictor.TokenPool;
import dev.pictor.spi.GenerationProvider;
import dev.pictor.spi.ProviderCall;
import dev.pictor.spi.ProviderHttp;
import dev.pictor.spi.ProviderJob;
import dev.pictor.spi.ProviderOutput;
import dev.pictor.spi.ProviderRequest;
import dev.pictor.spi.RateLimits;
import dev.pictor.spi.Reconciliation;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * An in-JVM provider for tests, examples and the CLI's {@code --provider sandbox}: it needs no
 * network, answers after a configurable latency (on the client's scheduler, so a manual clock drives
 * it), makes real deterministic PNG outputs, and can be told to fail in every way a real provider
 * does: 429s, 5xx, network failures before or after the request was sent, failed jobs, revoked
 * tokens. It counts every call and keeps a ledger of the jobs it "charged", so tests can prove that
 * nothing was charged twice. Thread-safe.
 *
 * <pre>{@code
 * FakeProvider fake = FakeProvider.builder().latency(Duration.ofMillis(5)).build();
 * fake.failNextSubmits(FakeProvider.Fault.rateLimited(Duration.ofSeconds(2)));
 * try (GenerationClient client = GenerationClient.builder().provider(fake).build()) {
 *   client.generate(GenerationRequest.create(FakeProvider.MODEL).prompt("a red cube").build());
 * }
 * assertThat(fake.submitCalls()).isEqualTo(2);
 * }</pre>
 */
public final class FakeProvider implements GenerationProvider {
  /** The provider id. */
  public static final String ID = "sandbox";
  /** A model taking every action, 0 to 4 input images, and every common parameter. */
  public static final String MODEL = "sandbox-image";
  /** A create-only model with a 200-character prompt limit and no price. */
  public static final String FAST_MODEL = "sandbox-fast";

  private final String id;
  private final TokenPool tokens;
  private final RateLimits rateLimits;
  private final Duration latency;
  private final int pollsBeforeDone;
  private final boolean reconcilable;
  private final int outputSize;
  private final boolean emptyOutputs;
  private final long outputBytes;
  private final boolean accountPerToken;
  private final ModelCatalog catalog;
  private final Set<String> revoked = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<Fault> submitFaults = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Fault> pollFaults = new ConcurrentLinkedQueue<>();
  private final AtomicInteger failJobs = new AtomicInteger();
  private final Map<String, FakeJob> jobs = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> charges = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> tokenUse = new ConcurrentHashMap<>();
  private final AtomicInteger submitCalls = new AtomicInteger();
  private final AtomicInteger pollCalls = new AtomicInteger();
  private final AtomicInteger cancelCalls = new AtomicInteger();
  private final AtomicInteger reconcileCalls = new AtomicInteger();
  private final AtomicLong ids = new AtomicLong();
  private final java.util.Queue<ProviderRequest> submitted = new java.util.concurrent.ConcurrentLinkedQueue<>(); // O(1) adds: benchmarks submit millions

  private FakeProvider(Builder b) {
    this.id = b.id;
    this.tokens = b.tokens;
    this.rateLimits = b.rateLimits;
    this.latency = b.latency;
    this.pollsBeforeDone = b.pollsBeforeDone;
    this.reconcilable = b.reconcilable;
    this.outputSize = b.outputSize;
    this.emptyOutputs = b.emptyOutputs;
    this.outputBytes = b.outputBytes;
    this.accountPerToken = b.accountPerToken;
    this.revoked.addAll(b.revoked);
    this.catalog = ModelCatalog.of(id, List.of(mainModel(), fastModel()));
  }

  /** Zero latency, immediate success, no tokens. */
  public static FakeProvider create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  private static ModelSpec mainModel() {
    return ModelSpec.builder(MODEL, "pictor/sandbox-image")
        .actions(Action.CREATE, Action.EDIT, Action.UPSCALE, Action.REMOVE_BACKGROUND)
        .inputImages(0, 4)
        .maxPromptLength(2000)
        .parameter(ParameterSpec.string("negative_prompt"), CommonParameter.NEGATIVE_PROMPT)
        .parameter(ParameterSpec.integer("seed", 0, 4_294_967_295L), CommonParameter.SEED)
        .parameter(ParameterSpec.integer("steps", 1, 50).withDefault(28), CommonParameter.STEPS)
        .parameter(ParameterSpec.number("guidance", 0, 10).withDefault(3.5), CommonParameter.GUIDANCE)
        .parameter(ParameterSpec.integer("num_outputs", 1, 4).withDefault(1), CommonParameter.NUM_OUTPUTS)
        .parameter(ParameterSpec.choice("aspect_ratio", "1:1", "16:9", "9:16", "4:3", "3:4", "4:5", "5:4", "2:3", "3:2", "21:9")
            .withDefault("1:1"), CommonParameter.ASPECT_RATIO)
        .parameter(ParameterSpec.integer("width", 256, 2048), CommonParameter.WIDTH)
        .parameter(ParameterSpec.integer("height", 256, 2048), CommonParameter.HEIGHT)
        .parameter(ParameterSpec.choice("output_format", "png", "webp", "jpg").withDefault("png"), CommonParameter.OUTPUT_FORMAT)
        .parameter(ParameterSpec.number("scale", 1, 4).withDefault(2), CommonParameter.UPSCALE_FACTOR)
        .parameter(ParameterSpec.choice("style", "photo", "illustration", "studio").withDefault("photo"))
        .parameter(ParameterSpec.bool("safety_checker").withDefault(true))
        .price(Money.usd("0.001"))
        .description("The testkit's fake model: real PNGs, no network")
        .build();
  }

  private static ModelSpec fastModel() {
    return ModelSpec.builder(FAST_MODEL, "pictor/sandbox-fast")
        .actions(Action.CREATE)
        .maxPromptLength(200)
        .parameter(ParameterSpec.integer("seed", 0, 4_294_967_295L), CommonParameter.SEED)
        .build();
  }

  // ---- GenerationProvider -------------------------------------------------------------------

  /** The secret a sandbox webhook delivery carries in its {@value #WEBHOOK_HEADER} header. */
  public static final String WEBHOOK_SECRET = "sandbox-webhook-secret";
  /** The header carrying the sandbox webhook secret. */
  public static final String WEBHOOK_HEADER = "x-sandbox-secret";

  @Override public String id() { return id; }
  @Override public ModelCatalog catalog() { return catalog; }

  /**
   * Ids, the provider's own names ({@code pictor/sandbox-image}), and any other {@code owner/name}
   * as a model outside the catalogue that takes every action and passes parameters unchecked.
   */
  @Override
  public java.util.Optional<ModelSpec> resolveModel(String model) {
    java.util.Optional<ModelSpec> known = catalog.find(model);
    if (known.isPresent()) return known;
    for (ModelSpec spec : catalog.models()) {
      if (spec.providerRef().equals(model)) return java.util.Optional.of(spec);
    }
    if (!model.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) return java.util.Optional.empty();
    return java.util.Optional.of(ModelSpec.builder(model, model)
        .actions(Action.CREATE, Action.EDIT, Action.UPSCALE, Action.REMOVE_BACKGROUND)
        .inputImages(0, 16).acceptUnknownParameters().description("outside the catalogue").build());
  }

  /**
   * A sandbox webhook: header {@value #WEBHOOK_HEADER} must carry {@link #WEBHOOK_SECRET}; the body
   * is {@code {"id": "<provider job id>"}} and the job's state is the fake's own, as a real provider's
   * delivery carries the prediction.
   */
  @Override
  public CompletableFuture<java.util.Optional<ProviderJob>> acceptWebhook(ProviderCall call, dev.pictor.spi.WebhookDelivery delivery) {
    if (!delivery.header(WEBHOOK_HEADER).map(WEBHOOK_SECRET::equals).orElse(false)) {
      return CompletableFuture.failedFuture(new dev.pictor.WebhookRejectedException("sandbox webhook without the right "
          + WEBHOOK_HEADER + " header"));
    }
    String body = new String(delivery.body(), java.nio.charset.StandardCharsets.UTF_8);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
    if (!m.find()) return CompletableFuture.failedFuture(new dev.pictor.WebhookRejectedException("sandbox webhook body has no id"));
    FakeJob job = jobs.get(m.group(1));
    return CompletableFuture.completedFuture(job == null ? java.util.Optional.empty() : java.util.Optional.of(job.snapshot()));
  }

  /** Moves a job on by one step, as if it progressed at the provider (for webhook tests). */
  public void advance(String providerJobId) {
    FakeJob job = jobs.get(providerJobId);
    if (job != null) job.advance();
  }
  @Override public TokenPool tokens() { return tokens; }
  @Override public RateLimits rateLimits() { return rateLimits; }

  @Override
  public CompletableFuture<ProviderJob> submit(ProviderCall call, ProviderRequest request) {
    submitCalls.incrementAndGet();
    GenerationException refused = checkToken(call);
    if (refused != null) return later(call, () -> { throw refused; });
    Fault fault = submitFaults.poll();
    if (fault != null && !fault.createsJob) return later(call, () -> { throw fault.error.get(); });
    FakeJob job = new FakeJob("fake-" + ids.incrementAndGet(), request, call.clock().now(), pollsBeforeDone,
        failJobs.getAndUpdate(n -> Math.max(0, n - 1)) > 0, call.token());
    jobs.put(job.providerId, job);
    submitted.add(request);
    charges.computeIfAbsent(request.jobId(), k -> new AtomicInteger()).incrementAndGet();
    if (fault != null) return later(call, () -> { throw fault.error.get(); });
    return later(call, () -> job.snapshot());
  }

  @Override
  public CompletableFuture<ProviderJob> poll(ProviderCall call, String providerJobId) {
    pollCalls.incrementAndGet();
    GenerationException refused = checkToken(call);
    if (refused != null) return later(call, () -> { throw refused; });
    Fault fault = pollFaults.poll();
    if (fault != null) return later(call, () -> { throw fault.error.get(); });
    FakeJob job = jobs.get(providerJobId);
    if (job == null || !visible(job, call)) {
      return later(call, () -> { throw ProviderHttp.error(id, 404, "no job " + providerJobId, null, null, null); });
    }
    return later(call, () -> job.advance());
  }

  @Override
  public CompletableFuture<Void> cancel(ProviderCall call, String providerJobId) {
    cancelCalls.incrementAndGet();
    FakeJob job = jobs.get(providerJobId);
    if (job != null) job.cancel();
    return later(call, () -> null);
  }

  @Override
  public CompletableFuture<Reconciliation> reconcile(ProviderCall call, ProviderRequest request, Instant sentAfter) {
    reconcileCalls.incrementAndGet();
    if (!reconcilable) return CompletableFuture.completedFuture(Reconciliation.unsupported());
    for (FakeJob j : jobs.values()) {
      if (j.request.jobId().equals(request.jobId()) && !j.createdAt.isBefore(sentAfter) && visible(j, call)) {
        return later(call, () -> Reconciliation.found(j.snapshot()));
      }
    }
    return later(call, Reconciliation::notFound);
  }

  /** With one account per token, a job is visible only to the token that created it (as on Replicate). */
  private boolean visible(FakeJob job, ProviderCall call) {
    return !accountPerToken || java.util.Objects.equals(job.creator, call.token());
  }

  private GenerationException checkToken(ProviderCall call) {
    if (call.token() == null) return null;
    tokenUse.computeIfAbsent(call.token(), k -> new AtomicInteger()).incrementAndGet();
    if (revoked.contains(call.token())) {
      return ProviderHttp.error(id, 401, "Invalid token", "unauthorized", null, null);
    }
    return null;
  }

  private <T> CompletableFuture<T> later(ProviderCall call, Supplier<T> answer) {
    if (latency.isZero()) {
      try {
        return CompletableFuture.completedFuture(answer.get());
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    CompletableFuture<T> f = new CompletableFuture<>();
    call.clock().schedule(() -> {
      try {
        f.complete(answer.get());
      } catch (RuntimeException e) {
        f.completeExceptionally(e);
      }
    }, latency);
    return f;
  }

  // ---- scripting ----------------------------------------------------------------------------

  /** The next submits fail this way, one fault each, in order. */
  public FakeProvider failNextSubmits(Fault... faults) {
    submitFaults.addAll(List.of(faults));
    return this;
  }

  /** The next polls fail this way, one fault each, in order. */
  public FakeProvider failNextPolls(Fault... faults) {
    pollFaults.addAll(List.of(faults));
    return this;
  }

  /** The next {@code count} jobs run and end FAILED with a model error. */
  public FakeProvider failNextJobs(int count) {
    failJobs.addAndGet(count);
    return this;
  }

  /** Makes {@code token} answer 401 from now on. */
  public FakeProvider revoke(String token) {
    revoked.add(token);
    return this;
  }

  // ---- counters -----------------------------------------------------------------------------

  public int submitCalls() { return submitCalls.get(); }
  public int pollCalls() { return pollCalls.get(); }
  public int cancelCalls() { return cancelCalls.get(); }
  public int reconcileCalls() { return reconcileCalls.get(); }

  /** The requests of every job created, in order, as the core resolved them (parameters by provider name). */
  public List<ProviderRequest> submittedRequests() {
    return List.copyOf(submitted);
  }

  /** Every call of any kind. */
  public int calls() {
    return submitCalls() + pollCalls() + cancelCalls() + reconcileCalls();
  }

  /** How many jobs were created, that is charged. */
  public int jobsCreated() {
    return jobs.size();
  }

  /** Client job ids that were created (charged) more than once: must stay empty. */
  public List<String> duplicateCharges() {
    List<String> dups = new ArrayList<>();
    charges.forEach((k, v) -> {
      if (v.get() > 1) dups.add(k);
    });
    Collections.sort(dups);
    return dups;
  }

  /** How many calls each token made (keys are the tokens themselves: test code only). */
  public Map<String, Integer> tokenUse() {
    Map<String, Integer> m = new java.util.HashMap<>();
    tokenUse.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  /** The providers' job ids currently known, in no order. */
  public Set<String> providerJobIds() {
    return Set.copyOf(jobs.keySet());
  }

  /** Whether the fake's job was cancelled. */
  public boolean wasCanceled(String providerJobId) {
    FakeJob j = jobs.get(providerJobId);
    return j != null && j.canceled;
  }

  @Override
  public String toString() {
    return "FakeProvider{" + id + ", latency=" + latency + ", jobs=" + jobs.size() + "}";
  }

  // ---- faults -------------------------------------------------------------------------------

  /** One scripted failure. */
  public static final class Fault {
    final Supplier<GenerationException> error;
    final boolean createsJob;

    private Fault(Supplier<GenerationException> error, boolean createsJob) {
      this.error = error;
      this.createsJob = createsJob;
    }

    /** A 429, with {@code Retry-After} when not null. Nothing is created. */
    public static Fault rateLimited(Duration retryAfter) {
      return new Fault(() -> ProviderHttp.error(ID, 429, "Request was throttled", null, null, retryAfter), false);
    }

    /** An HTTP error status answered before processing (502, 503) or ambiguous (500, 504); nothing is created. */
    public static Fault status(int status) {
      return new Fault(() -> ProviderHttp.error(ID, status, "fake " + status, null, "req-fake", null), false);
    }

    /** The connection failed before anything was sent. Nothing is created. */
    public static Fault connectFailure() {
      return new Fault(() -> new ProviderException("sandbox: connect failed (before the request was sent)", ID, 0, null, null,
          ProviderException.Reach.NOT_REACHED, new java.net.ConnectException("Connection refused")), false);
    }

    /** The provider created the job, then the connection broke before the answer: ambiguous. */
    public static Fault timeoutAfterCreate() {
      return new Fault(() -> new ProviderException("sandbox: read timed out (after the request was sent)", ID, 0, null, null,
          ProviderException.Reach.AMBIGUOUS, new java.net.SocketTimeoutException("timeout")), true);
    }

    /** The connection broke after sending, and the provider never created the job: ambiguous all the same. */
    public static Fault timeoutWithoutCreate() {
      return new Fault(() -> new ProviderException("sandbox: connection reset (after the request was sent)", ID, 0, null, null,
          ProviderException.Reach.AMBIGUOUS, new java.net.SocketException("Connection reset")), false);
    }

    /** A 422 with the provider's message. */
    public static Fault invalid(String message) {
      return new Fault(() -> ProviderHttp.error(ID, 422, message, "invalid", null, null), false);
    }
  }

  // ---- jobs ---------------------------------------------------------------------------------

  private final class FakeJob {
    final String providerId;
    final ProviderRequest request;
    final Instant createdAt;
    final boolean fails;
    final String creator;
    int pollsLeft;
    boolean canceled;

    FakeJob(String providerId, ProviderRequest request, Instant createdAt, int polls, boolean fails, String creator) {
      this.creator = creator;
      this.providerId = providerId;
      this.request = request;
      this.createdAt = createdAt;
      this.pollsLeft = polls;
      this.fails = fails;
    }

    synchronized ProviderJob advance() {
      if (pollsLeft > 0) pollsLeft--;
      return snapshot();
    }

    synchronized void cancel() {
      canceled = true;
    }

    synchronized ProviderJob snapshot() {
      if (canceled) return ProviderJob.builder(providerId, JobStatus.CANCELED).build();
      if (pollsLeft > 0) {
        double progress = pollsBeforeDone == 0 ? 0 : 1 - (double) pollsLeft / pollsBeforeDone;
        if (pollsLeft == pollsBeforeDone) return ProviderJob.submitted(providerId);
        return ProviderJob.builder(providerId, JobStatus.RUNNING).progress(progress).build();
      }
      if (fails) {
        return ProviderJob.builder(providerId, JobStatus.FAILED).error("model_error", "the fake model failed as scripted").build();
      }
      int n = ((Number) request.parameters().getOrDefault("num_outputs", 1L)).intValue();
      long seed = ((Number) request.parameters().getOrDefault("seed", (long) request.jobId().hashCode() & 0xffffffffL)).longValue();
      List<ProviderOutput> outputs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        long s = seed + i;
        outputs.add(emptyOutputs
            ? ProviderOutput.stream(() -> new ByteArrayInputStream(new byte[0]))
            : outputBytes > 0 ? ProviderOutput.stream(() -> new SizedPng(outputBytes, s))
            : ProviderOutput.stream(() -> new ByteArrayInputStream(TestImages.png(s, outputSize, outputSize))));
      }
      return ProviderJob.builder(providerId, JobStatus.SUCCEEDED).outputs(outputs)
          .cost(Money.usd("0.001").times(n)).build();
    }
  }

  /** Builds a {@link FakeProvider}. Not thread-safe. */
  public static final class Builder {
    private String id = ID;
    private TokenPool tokens = TokenPool.none();
    private RateLimits rateLimits = RateLimits.unlimited();
    private Duration latency = Duration.ZERO;
    private int pollsBeforeDone;
    private boolean reconcilable = true;
    private int outputSize = 64;
    private boolean emptyOutputs;
    private long outputBytes;
    private boolean accountPerToken;
    private final Set<String> revoked = new java.util.HashSet<>();

    private Builder() {}

    public Builder id(String id) { this.id = id; return this; }
    public Builder tokens(TokenPool tokens) { this.tokens = tokens; return this; }
    public Builder rateLimits(RateLimits limits) { this.rateLimits = limits; return this; }
    /** How long every answer takes, on the client's scheduler. Default zero: answers at once. */
    public Builder latency(Duration latency) { this.latency = latency; return this; }
    /** How many polls a job needs before it finishes; 0 (the default) finishes it in the submit's answer. */
    public Builder pollsBeforeDone(int polls) { this.pollsBeforeDone = polls; return this; }
    /** Whether ambiguous submits can be reconciled (default true, like Replicate; false like OpenAI). */
    public Builder reconcilable(boolean reconcilable) { this.reconcilable = reconcilable; return this; }
    /** Output images are {@code px} x {@code px} PNGs. Default 64. */
    public Builder outputSize(int px) { this.outputSize = px; return this; }
    /** Outputs are empty streams: for measuring the client's own overhead. */
    public Builder emptyOutputs(boolean empty) { this.emptyOutputs = empty; return this; }
    /**
     * Outputs of exactly {@code bytes} bytes that start like a PNG, made as they are read (nothing of
     * that size is held in memory): for benchmarks of large outputs. Not decodable images.
     */
    public Builder outputBytes(long bytes) { this.outputBytes = bytes; return this; }
    /** Each token is its own account: a job is visible (poll, reconcile) only to the token that created it. */
    public Builder accountPerToken(boolean separate) { this.accountPerToken = separate; return this; }
    /** Tokens that answer 401. */
    public Builder revoked(String... tokens) { revoked.addAll(List.of(tokens)); return this; }

    public FakeProvider build() {
      return new FakeProvider(this);
    }
  }
}
