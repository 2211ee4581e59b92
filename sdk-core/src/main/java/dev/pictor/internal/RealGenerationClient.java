package dev.pictor.internal;

import com.squareup.moshi.Moshi;
import dev.pictor.Action;
import dev.pictor.GenerationClient;
import dev.pictor.GenerationException;
import dev.pictor.GenerationListener;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.GeneratedImage;
import dev.pictor.InvalidRequestException;
import dev.pictor.Job;
import dev.pictor.JobQuery;
import dev.pictor.JobStats;
import dev.pictor.JobStatus;
import dev.pictor.ModelCatalog;
import dev.pictor.ModelSpec;
import dev.pictor.Money;
import dev.pictor.RetryPolicy;
import dev.pictor.StoredOutput;
import dev.pictor.Webhooks;
import dev.pictor.spi.GenerationProvider;
import dev.pictor.spi.JobRecord;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.ProviderJob;
import dev.pictor.spi.ProviderRequest;
import dev.pictor.spi.RecordQuery;
import dev.pictor.spi.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link GenerationClient} implementation. */
public final class RealGenerationClient implements GenerationClient, Engine {
  private static final Logger log = LoggerFactory.getLogger(RealGenerationClient.class);
  private static final Set<String> IN_FLIGHT = Set.of(JobStatus.PENDING.wireName(), JobStatus.SUBMITTED.wireName(),
      JobStatus.RUNNING.wireName(), JobStatus.UNKNOWN.wireName());

  private final ClientConfig config;
  private final Map<String, ProviderHandle> providers = new LinkedHashMap<>();
  private final ConcurrentHashMap<String, JobRun> runs = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor workerPool;
  private final ExecutorService ownCallbacks;
  private final Executor callbacks;
  private final ExecutorService dispatcherPool;
  private final Listeners listener;
  private final OutputFetcher outputs;
  private final String instanceId;
  private volatile boolean closed;

  public RealGenerationClient(ClientConfig config) {
    this.config = config;
    this.instanceId = config.instanceId() != null ? config.instanceId() : Ids.newId("client");
    this.workerPool = new ThreadPoolExecutor(config.maxConcurrency(), config.maxConcurrency(), 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemon("pictor-worker"));
    workerPool.allowCoreThreadTimeOut(true);
    if (config.callbackExecutor() == null) {
      ownCallbacks = Executors.newFixedThreadPool(2, daemon("pictor-callback"));
      callbacks = ownCallbacks;
    } else {
      ownCallbacks = null;
      callbacks = config.callbackExecutor();
    }
    this.listener = new Listeners(config.listeners(), callbacks);

    OkHttpClient base = config.httpClient() != null ? config.httpClient() : new OkHttpClient();
    this.dispatcherPool = Executors.newCachedThreadPool(daemon("pictor-http"));
    Dispatcher dispatcher = new Dispatcher(dispatcherPool);
    dispatcher.setMaxRequests(config.maxConcurrency());
    dispatcher.setMaxRequestsPerHost(config.maxConcurrency());
    OkHttpClient.Builder common = base.newBuilder()
        .dispatcher(dispatcher)
        .connectTimeout(config.connectTimeout())
        .readTimeout(config.readTimeout())
        .callTimeout(config.callTimeout());
    OkHttpClient downloads = common.build();
    FailsafeScheduler failsafe = new FailsafeScheduler(config.scheduler(), workerPool);
    this.outputs = new OutputFetcher(downloads, config.outputs(), config.maxOutputBytes(), config.retryPolicy(), failsafe);

    Moshi moshi = new Moshi.Builder().build();
    for (GenerationProvider p : config.providers().values()) {
      OkHttpClient.Builder api = common.build().newBuilder()
          .retryOnConnectionFailure(false) // a create must never be resent by OkHttp itself
          .eventListenerFactory(SendTracker.FACTORY);
      config.interceptors().forEach(api::addInterceptor);
      if (config.providerHttp().containsKey(p.id())) api = config.providerHttp().get(p.id()).apply(api);
      TokenRegistry tokens = TokenRegistry.of(p.tokens());
      tokens.bind(p.id(), p.rateLimits(), config.scheduler(), listener, callbacks);
      providers.put(p.id(), new ProviderHandle(p, tokens, api.build(), moshi, config.scheduler(), workerPool,
          config.retryPolicy(), listener));
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  // ---- Engine ---------------------------------------------------------------------------------

  @Override public Executor worker() { return workerPool; }
  @Override public Executor callbacks() { return callbacks; }
  @Override public Scheduler clock() { return config.scheduler(); }
  @Override public JobStore store() { return config.jobStore(); }
  @Override public GenerationListener listener() { return listener; }
  @Override public OutputFetcher outputs() { return outputs; }
  @Override public RetryPolicy retryPolicy() { return config.retryPolicy(); }
  @Override public boolean resendUnknown() { return config.resendUnknown(); }
  @Override public Duration pollInitial() { return config.pollInitial(); }
  @Override public Duration pollMax() { return config.pollMax(); }
  @Override public String instanceId() { return instanceId; }

  @Override
  public void ended(JobRun run) {
    runs.remove(run.id(), run);
  }

  // ---- submitting -----------------------------------------------------------------------------

  private ProviderHandle handleFor(String providerId) {
    String id = providerId == null ? config.defaultProvider() : providerId;
    ProviderHandle h = providers.get(id);
    if (h == null) {
      throw new InvalidRequestException("provider", "provider '" + id + "' is not configured; configured: " + providers.keySet());
    }
    return h;
  }

  /** The model's spec: the provider's own resolution, else the catalogue (which names the closest ids). */
  private static ModelSpec spec(ProviderHandle h, String model) {
    return h.provider.resolveModel(model).orElseGet(() -> h.provider.catalog().require(model));
  }

  private JobRun start(GenerationRequest request) {
    if (closed) throw new IllegalStateException("this GenerationClient is closed");
    ProviderHandle h = handleFor(request.provider().orElse(null));
    ModelSpec spec = spec(h, request.model());
    Instant now = clock().now();
    Map<String, Object> params = RequestValidator.validate(request, spec, now);
    Instant deadline = request.deadline().orElse(null);
    if (request.timeout().isPresent()) {
      Instant byTimeout = now.plus(request.timeout().get());
      if (deadline == null || byTimeout.isBefore(deadline)) deadline = byTimeout;
    }
    String id = Ids.newJobId();
    Job job = Job.builder()
        .id(id)
        .status(JobStatus.PENDING)
        .request(request)
        .provider(h.id())
        .createdAt(now)
        .estimatedCost(estimate(spec, request).orElse(null))
        .build();
    config.jobStore().insert(JobCodec.toRecord(job, 0, instanceId));
    JobRun run = new JobRun(this, h, new ProviderRequest(id, request, spec, params, deadline), job, 0);
    runs.put(id, run);
    run.startSend();
    return run;
  }

  @Override
  public GenerationResult generate(GenerationRequest request) {
    return join(generateAsync(request));
  }

  @Override
  public CompletableFuture<GenerationResult> generateAsync(GenerationRequest request) {
    return view(start(request));
  }

  /** A future for the caller: cancelling it cancels the job; completing it cannot break the run. */
  private CompletableFuture<GenerationResult> view(JobRun run) {
    CompletableFuture<GenerationResult> f = new CompletableFuture<>();
    run.result.whenComplete((r, e) -> {
      if (e != null) f.completeExceptionally(ProviderHandle.unwrap(e));
      else f.complete(r);
    });
    f.whenComplete((r, e) -> {
      if (f.isCancelled()) run.cancel();
    });
    return f;
  }

  private static GenerationResult join(CompletableFuture<GenerationResult> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GenerationException("interrupted while waiting; the job goes on and stays stored", null, e);
    } catch (ExecutionException e) {
      Throwable cause = ProviderHandle.unwrap(e);
      if (cause instanceof GenerationException) throw (GenerationException) cause;
      if (cause instanceof RuntimeException) throw (RuntimeException) cause;
      throw new GenerationException(cause.toString(), null, cause);
    } catch (CancellationException e) {
      throw new dev.pictor.JobCanceledException("cancelled while waiting", null, null);
    }
  }

  @Override
  public Job submit(GenerationRequest request) {
    return start(request).job();
  }

  @Override
  public Optional<Job> job(String id) {
    JobRun run = runs.get(id);
    if (run != null) return Optional.of(run.job());
    return config.jobStore().find(id).filter(r -> r.kind().equals(JobRecord.KIND_JOB)).map(JobCodec::fromRecord);
  }

  @Override
  public GenerationResult await(String id) {
    return join(awaitAsync(id));
  }

  @Override
  public CompletableFuture<GenerationResult> awaitAsync(String id) {
    JobRun run = runs.get(id);
    if (run != null) return view(run);
    Job job = job(id).orElseThrow(() -> new InvalidRequestException("id", "no job with id " + id));
    if (job.status() == JobStatus.SUCCEEDED) return CompletableFuture.completedFuture(resultOf(job));
    if (job.status().isTerminal()) return CompletableFuture.failedFuture(Outcomes.exceptionFor(job));
    JobRun attached = attach(config.jobStore().find(id).orElseThrow());
    if (attached == null) return CompletableFuture.failedFuture(Outcomes.exceptionFor(job));
    return view(attached);
  }

  private GenerationResult resultOf(Job job) {
    List<GeneratedImage> images = new ArrayList<>();
    for (StoredOutput o : job.outputs()) images.add(new GeneratedImage(o, config.outputs()));
    return new GenerationResult(job, images);
  }

  @Override
  public Job cancel(String id) {
    try {
      return cancelAsync(id).get(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      Throwable cause = ProviderHandle.unwrap(e);
      if (cause instanceof RuntimeException) throw (RuntimeException) cause;
    } catch (TimeoutException e) {
      log.warn("job {}: cancel did not finish in {}", id, config.shutdownTimeout());
    }
    return job(id).orElseThrow();
  }

  @Override
  public CompletableFuture<Job> cancelAsync(String id) {
    JobRun run = runs.get(id);
    if (run == null) {
      Job job = job(id).orElseThrow(() -> new InvalidRequestException("id", "no job with id " + id));
      if (job.status().isTerminal()) return CompletableFuture.completedFuture(job);
      run = attach(config.jobStore().find(id).orElseThrow());
      if (run == null) return CompletableFuture.completedFuture(job(id).orElseThrow());
    }
    run.cancel();
    return run.result.handle((r, e) -> job(id).orElseThrow());
  }

  // ---- history --------------------------------------------------------------------------------

  @Override
  public List<Job> jobs(JobQuery q) {
    RecordQuery rq = new RecordQuery(Set.of(JobRecord.KIND_JOB),
        q.statuses().stream().map(JobStatus::wireName).collect(Collectors.toSet()),
        q.actions().stream().map(Action::wireName).collect(Collectors.toSet()),
        q.models(), q.providers(), q.batchId().orElse(null), null, q.owner().orElse(null), q.tag().orElse(null),
        q.createdFrom().orElse(null), q.createdTo().orElse(null), q.offset(), q.limit());
    List<Job> out = new ArrayList<>();
    for (JobRecord r : config.jobStore().query(rq)) out.add(JobCodec.fromRecord(r));
    return out;
  }

  @Override
  public List<JobStats> stats(Instant since) {
    Map<String, long[]> groups = new LinkedHashMap<>();
    Map<String, JobStats> keys = new LinkedHashMap<>();
    RecordQuery rq = new RecordQuery(Set.of(JobRecord.KIND_JOB), null, null, null, null, null, null, null, null, since,
        null, 0, 500);
    while (true) {
      List<JobRecord> page = config.jobStore().query(rq);
      for (JobRecord r : page) {
        Job j = JobCodec.fromRecord(r);
        String key = j.action() + "|" + j.model() + "|" + j.status();
        long[] acc = groups.computeIfAbsent(key, k -> new long[5]);
        keys.putIfAbsent(key, new JobStats(j.action(), j.model(), j.status(), 0, Optional.empty(), Optional.empty()));
        acc[0]++;
        if (j.queueDuration().isPresent()) {
          acc[1] += j.queueDuration().get().toMillis();
          acc[2]++;
        }
        if (j.processingDuration().isPresent()) {
          acc[3] += j.processingDuration().get().toMillis();
          acc[4]++;
        }
      }
      if (page.size() < rq.limit()) break;
      rq = rq.withPage(rq.offset() + rq.limit(), rq.limit());
    }
    List<JobStats> out = new ArrayList<>();
    for (Map.Entry<String, long[]> e : groups.entrySet()) {
      long[] a = e.getValue();
      JobStats k = keys.get(e.getKey());
      out.add(new JobStats(k.action(), k.model(), k.status(), a[0],
          a[2] == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(a[1] / a[2])),
          a[4] == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(a[3] / a[4]))));
    }
    out.sort(Comparator.comparing((JobStats s) -> s.action()).thenComparing(JobStats::model).thenComparing(JobStats::status));
    return out;
  }

  @Override
  public void validate(GenerationRequest request) {
    ProviderHandle h = handleFor(request.provider().orElse(null));
    RequestValidator.validate(request, spec(h, request.model()), clock().now());
  }

  @Override
  public Optional<Money> estimate(GenerationRequest request) {
    ProviderHandle h = handleFor(request.provider().orElse(null));
    return estimate(spec(h, request.model()), request);
  }

  private static Optional<Money> estimate(ModelSpec spec, GenerationRequest request) {
    return spec.pricePerImage().map(p -> p.times(request.numOutputs().orElse(1)));
  }

  @Override
  public ModelCatalog catalog(String provider) {
    return handleFor(provider).provider.catalog();
  }

  // ---- resume, webhooks, delete ---------------------------------------------------------------

  @Override
  public List<Job> resume() {
    List<Job> resumed = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    RecordQuery rq = new RecordQuery(Set.of(JobRecord.KIND_JOB), IN_FLIGHT, null, null, providers.keySet(), null, null,
        null, null, null, null, 0, 500);
    List<JobRecord> all = new ArrayList<>();
    while (true) {
      List<JobRecord> page = config.jobStore().query(rq);
      all.addAll(page);
      if (page.size() < rq.limit()) break;
      rq = rq.withPage(rq.offset() + rq.limit(), rq.limit());
    }
    for (JobRecord r : all) {
      if (!seen.add(r.id()) || runs.containsKey(r.id())) continue;
      JobRun run = attach(r);
      if (run != null) resumed.add(run.job());
    }
    log.info("resumed {} jobs", resumed.size());
    return resumed;
  }

  /** Re-attaches a stored in-flight job; returns null when it cannot run here (it is failed and stored). */
  private synchronized JobRun attach(JobRecord record, boolean quietly) {
    JobRun existing = runs.get(record.id());
    if (existing != null) return existing;
    if (closed) throw new IllegalStateException("this GenerationClient is closed");
    Job job = JobCodec.fromRecord(record);
    ProviderHandle h = providers.get(job.provider());
    if (h == null) return null;
    GenerationRequest request = job.request();
    ModelSpec spec = h.provider.resolveModel(request.model()).orElse(null);
    Map<String, Object> params;
    try {
      if (spec == null) h.provider.catalog().require(request.model());
      params = RequestValidator.validate(request.toBuilder().deadline(null).build(), spec, clock().now());
    } catch (InvalidRequestException e) {
      if (job.providerJobId().isEmpty()) {
        Job failed = job.toBuilder().status(JobStatus.FAILED).completedAt(clock().now())
            .error(Outcomes.errorOf(e)).build();
        config.jobStore().update(JobCodec.toRecord(failed, record.version() + 1), record.version());
        return null;
      }
      params = Map.of();
    }
    Instant deadline = request.deadline().orElse(null);
    if (request.timeout().isPresent()) {
      Instant byTimeout = job.createdAt().plus(request.timeout().get());
      if (deadline == null || byTimeout.isBefore(deadline)) deadline = byTimeout;
    }
    JobRun run = new JobRun(this, h, new ProviderRequest(job.id(), request, spec, params, deadline), job, record.version());
    runs.put(job.id(), run);
    if (quietly) return run;
    if (job.providerJobId().isPresent()) run.startPolling();
    else if (job.status() == JobStatus.PENDING && job.submitStartedAt().isEmpty()) run.startSend();
    else run.startReconcile();
    return run;
  }

  /** Re-attaches a stored job without starting anything: the caller feeds it an update. */
  private JobRun attachQuietly(JobRecord record) {
    return attach(record, true);
  }

  private JobRun attach(JobRecord record) {
    return attach(record, false);
  }

  @Override
  public boolean handleUpdate(String provider, ProviderJob update) {
    return apply(provider, update) != Webhooks.Outcome.UNKNOWN_JOB;
  }

  private Webhooks.Outcome apply(String provider, ProviderJob update) {
    RecordQuery rq = new RecordQuery(Set.of(JobRecord.KIND_JOB), null, null, null, Set.of(provider), null,
        update.providerJobId(), null, null, null, null, 0, 1);
    List<JobRecord> found = config.jobStore().query(rq);
    if (found.isEmpty()) return adopt(provider, update);
    JobRecord r = found.get(0);
    if (JobStatus.fromWireName(r.status()).isTerminal()) return Webhooks.Outcome.UNCHANGED;
    JobRun run = runs.get(r.id());
    if (run == null) run = attach(r);
    if (run == null) return Webhooks.Outcome.UNKNOWN_JOB;
    return run.update(update) ? Webhooks.Outcome.UPDATED : Webhooks.Outcome.UNCHANGED;
  }

  /**
   * An update for a job the store knows by its Pictor id only: a job whose submit answer was lost
   * (unknown, or pending after a crash) is adopted, as a reconciliation that found it would.
   */
  private Webhooks.Outcome adopt(String provider, ProviderJob update) {
    if (update.jobId().isEmpty()) return Webhooks.Outcome.UNKNOWN_JOB;
    Optional<JobRecord> found = config.jobStore().find(update.jobId().get())
        .filter(r -> r.kind().equals(JobRecord.KIND_JOB) && r.provider().map(provider::equals).orElse(false));
    if (found.isEmpty()) return Webhooks.Outcome.UNKNOWN_JOB;
    JobRecord r = found.get();
    if (JobStatus.fromWireName(r.status()).isTerminal() || r.externalId().isPresent()) return Webhooks.Outcome.UNCHANGED;
    JobRun run = runs.get(r.id());
    if (run == null) run = attachQuietly(r);
    if (run == null) return Webhooks.Outcome.UNKNOWN_JOB;
    log.info("job {}: adopted {} from a verified webhook after its submit's outcome was unknown", r.id(), update.providerJobId());
    return run.update(update) ? Webhooks.Outcome.UPDATED : Webhooks.Outcome.UNCHANGED;
  }

  @Override
  public <T> CompletableFuture<T> providerCall(String provider,
      java.util.function.Function<dev.pictor.spi.ProviderCall, CompletableFuture<T>> operation) {
    if (closed) throw new IllegalStateException("this GenerationClient is closed");
    return handleFor(provider).call(false, () -> null, operation);
  }

  @Override
  public Webhooks webhooks() {
    return new Webhooks() {
      @Override
      public Outcome handle(String provider, dev.pictor.spi.WebhookDelivery delivery) {
        return handleWebhook(provider, delivery);
      }

      @Override
      public Outcome handle(dev.pictor.spi.WebhookDelivery delivery) {
        return handleWebhook(config.defaultProvider(), delivery);
      }
    };
  }

  private Webhooks.Outcome handleWebhook(String provider, dev.pictor.spi.WebhookDelivery delivery) {
    if (closed) throw new IllegalStateException("this GenerationClient is closed; the sender should deliver again later");
    {
      ProviderHandle h = handleFor(provider);
      Optional<ProviderJob> update;
      try {
        // Verify with the token of the job the delivery claims to be for, when the provider can tell.
        String token = h.provider.webhookJobHint(delivery).flatMap(this::job).flatMap(Job::token).orElse(null);
        update = h.call(false, () -> null, call -> h.provider.acceptWebhook(call, delivery),
            new ProviderHandle.Affinity(token)).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GenerationException("interrupted while verifying a webhook", provider, e);
      } catch (ExecutionException e) {
        Throwable cause = ProviderHandle.unwrap(e);
        if (cause instanceof GenerationException) throw (GenerationException) cause;
        throw new GenerationException("verifying a webhook failed: " + cause, provider, cause);
      }
      if (update.isEmpty()) return Webhooks.Outcome.UNKNOWN_JOB;
      return apply(h.id(), update.get());
    }
  }

  @Override
  public boolean delete(String id) {
    JobRun run = runs.get(id);
    if (run != null) cancel(id);
    Optional<JobRecord> r = config.jobStore().find(id);
    if (r.isEmpty()) return false;
    for (StoredOutput o : JobCodec.fromRecord(r.get()).outputs()) {
      try {
        config.outputs().delete(o);
      } catch (IOException e) {
        log.warn("job {}: deleting output {} failed: {}", id, o.location(), e.getMessage());
      }
    }
    return config.jobStore().delete(id);
  }

  // ---- close ----------------------------------------------------------------------------------

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    List<CompletableFuture<GenerationResult>> pending = new ArrayList<>();
    for (JobRun r : runs.values()) pending.add(r.result);
    try {
      CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0]))
          .handle((v, e) -> null)
          .get(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // fall through: what is left stays in the store
    }
    for (JobRun r : new ArrayList<>(runs.values())) {
      r.detach(new GenerationException("the client closed; job " + r.id() + " stays stored as "
          + r.job().status().wireName() + " and resume() re-attaches", null, null));
    }
    if (!runs.isEmpty()) log.info("closed with {} jobs left in flight in the store", runs.size());
    for (ProviderHandle h : providers.values()) {
      try {
        h.provider.close();
      } catch (Exception e) {
        log.warn("closing provider {} failed", h.id(), e);
      }
    }
    workerPool.shutdown();
    dispatcherPool.shutdown();
    if (ownCallbacks != null) ownCallbacks.shutdown();
  }

  @Override
  public String toString() {
    return "GenerationClient{providers=" + providers.keySet() + ", store=" + config.jobStore() + ", inFlight=" + runs.size() + "}";
  }
}
