package dev.pictor.internal;

import com.squareup.moshi.Moshi;
import dev.pictor.Action;
import dev.pictor.Batch;
import dev.pictor.BatchEstimate;
import dev.pictor.ChainStep;
import dev.pictor.OutputSink;
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
public final class RealGenerationClient implements GenerationClient, Engine, BatchHost {
  private static final Logger log = LoggerFactory.getLogger(RealGenerationClient.class);
  private static final Set<String> IN_FLIGHT = Set.of(JobStatus.PENDING.wireName(), JobStatus.SUBMITTED.wireName(),
      JobStatus.RUNNING.wireName(), JobStatus.UNKNOWN.wireName());

  private final ClientConfig config;
  private final Map<String, ProviderHandle> providers = new LinkedHashMap<>();
  private final ConcurrentHashMap<String, JobRun> runs = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, BatchRun> batches = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor workerPool;
  private final ExecutorService ownCallbacks;
  private final Executor callbacks;
  private final ExecutorService dispatcherPool;
  private final Listeners listener;
  private final OutputFetcher outputs;
  private final String instanceId;
  private final Leases leases;
  private volatile java.util.concurrent.Future<?> takeOverTimer;
  private volatile boolean closed;

  public RealGenerationClient(ClientConfig config) {
    this.config = config;
    this.instanceId = config.instanceId() != null ? config.instanceId() : Leases.newOwnerId();

    this.workerPool = new ThreadPoolExecutor(config.maxConcurrency(), config.maxConcurrency(), 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemon("pictor-worker"));
    workerPool.allowCoreThreadTimeOut(true);
    this.leases = new Leases(config.jobStore(), config.scheduler(), instanceId, config.leaseDuration(), workerPool);
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
    leases.start();
    if (config.takeOverEvery() != null) scheduleTakeOver();
  }

  /** Every {@code takeOverEvery}, takes over the work no live instance holds. */
  private void scheduleTakeOver() {
    if (closed) return;
    takeOverTimer = config.scheduler().schedule(() -> {
      workerPool.execute(() -> {
        try {
          if (!closed) {
            int n = resume().size();
            if (n > 0) log.info("took over {} jobs whose leases had expired", n);
          }
        } catch (RuntimeException e) {
          log.warn("taking over expired work failed; trying again later: {}", e.toString());
        } finally {
          scheduleTakeOver();
        }
      });
    }, config.takeOverEvery());
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
  @Override public Instant leaseUntil() { return leases.until(); }

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
    return start(request, Ids.newJobId(), null, null);
  }

  /** Validates, stores and sends one job with the given id, batch and parent job. */
  private JobRun start(GenerationRequest original, String id, String batchId, String parentJobId) {
    if (closed) throw new IllegalStateException("this GenerationClient is closed");
    ProviderHandle h = handleFor(original.provider().orElse(null));
    ModelSpec spec = spec(h, original.model());
    for (ChainStep step : original.chain()) stepModel(h, step);
    GenerationRequest request = resolveInputs(original);
    Instant now = clock().now();
    Map<String, Object> params = RequestValidator.validate(request, spec, now);
    Instant deadline = request.deadline().orElse(null);
    if (request.timeout().isPresent()) {
      Instant byTimeout = now.plus(request.timeout().get());
      if (deadline == null || byTimeout.isBefore(deadline)) deadline = byTimeout;
    }
    ProviderRequest providerRequest = new ProviderRequest(id, request, spec, params, deadline);
    h.provider.validate(providerRequest);
    Job job = Job.builder()
        .id(id)
        .status(JobStatus.PENDING)
        .request(request)
        .provider(h.id())
        .batchId(batchId)
        .parentJobId(parentJobId)
        .createdAt(now)
        .estimatedCost(estimate(h, providerRequest).orElse(null))
        .build();
    config.jobStore().insert(JobCodec.toRecord(job, 0, instanceId, leases.until()));
    JobRun run = new JobRun(this, h, providerRequest, job, 0);
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
    JobRun run = start(request);
    if (request.chain().isEmpty()) return view(run);
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    CompletableFuture<GenerationResult> chained = chain(run.result, () -> !stop.get());
    CompletableFuture<GenerationResult> f = new CompletableFuture<>();
    chained.whenComplete((r, e) -> {
      if (e != null) f.completeExceptionally(ProviderHandle.unwrap(e));
      else f.complete(r);
    });
    f.whenComplete((r, e) -> {
      if (!f.isCancelled()) return;
      stop.set(true);
      List<Job> jobs = chainJobs(run.id());
      if (!jobs.isEmpty()) cancelAsync(jobs.get(jobs.size() - 1).id());
    });
    return f;
  }

  // ---- chained steps --------------------------------------------------------------------------

  /** The id of the job chained after {@code parentId}. */
  static String childId(String parentId) {
    return parentId + "-next";
  }

  /**
   * The final result of a job and the steps chained after it: each step starts, as a job of its own,
   * once the one before it succeeded (or is followed again when it exists already, after a restart),
   * unless {@code mayContinue} says no.
   */
  CompletableFuture<GenerationResult> chain(CompletableFuture<GenerationResult> step, java.util.function.BooleanSupplier mayContinue) {
    return step.thenCompose(r -> {
      Job parent = r.job();
      List<ChainStep> steps = parent.request().chain();
      if (steps.isEmpty()) return CompletableFuture.completedFuture(r);
      String childId = childId(parent.id());
      CompletableFuture<GenerationResult> next;
      if (job(childId).isPresent()) {
        next = awaitAsync(childId);
      } else if (!mayContinue.getAsBoolean() || closed) {
        String why = "the chain stopped after job " + parent.id() + ": canceled";
        if (!closed) {
          // Recorded, so the item reads as canceled from the store too; a closing client leaves it to resume().
          try {
            recordEnded(childId, parent.batchId().orElse(null), stepRequest(parent, steps), JobStatus.CANCELED,
                new dev.pictor.JobError("canceled", "chain_canceled", why));
          } catch (RuntimeException e) {
            log.debug("job {}: the canceled step could not be recorded: {}", childId, e.toString());
          }
        }
        return CompletableFuture.failedFuture(new dev.pictor.JobCanceledException(why, parent.provider(), parent.id()));
      } else {
        try {
          next = start(stepRequest(parent, steps), childId, parent.batchId().orElse(null), parent.id()).result;
        } catch (RuntimeException e) {
          return CompletableFuture.failedFuture(e);
        }
        if (!mayContinue.getAsBoolean()) cancelAsync(childId); // canceled while the step was being sent
      }
      return chain(next, mayContinue);
    });
  }

  /** The request of the step after {@code parent}: its first output, the step's action and model. */
  private GenerationRequest stepRequest(Job parent, List<ChainStep> steps) {
    ChainStep step = steps.get(0);
    ProviderHandle h = handleFor(parent.provider());
    GenerationRequest.Builder b = GenerationRequest.builder(step.action(), stepModel(h, step))
        .provider(h.id())
        .image(dev.pictor.ImageInput.fromJob(parent.id(), 0))
        .owner(parent.request().owner().orElse(null))
        .chain(steps.subList(1, steps.size()));
    parent.request().tags().forEach(b::tag);
    if (step.factor() != null) b.upscaleFactor(step.factor());
    return b.build();
  }

  /** The step's model, or the provider's first model for its action. */
  private static String stepModel(ProviderHandle h, ChainStep step) {
    if (step.model() != null) {
      spec(h, step.model());
      return step.model();
    }
    for (ModelSpec m : h.provider.catalog().models()) {
      if (m.actions().contains(step.action())) return m.id();
    }
    throw new InvalidRequestException("chain", "provider " + h.id() + " has no model for " + step.action().wireName()
        + "; name one, as in thenUpscale(2, \"model\")");
  }

  /** A job and the steps chained after it that exist so far, in order. */
  List<Job> chainJobs(String rootId) {
    List<Job> out = new ArrayList<>(1);
    String id = rootId;
    Optional<Job> j = job(id);
    while (j.isPresent()) {
      out.add(j.get());
      if (j.get().request().chain().isEmpty()) break;
      id = childId(id);
      j = job(id);
    }
    return out;
  }

  /** Follows a stored job and its chain to the end, starting steps that were not started yet. */
  CompletableFuture<GenerationResult> awaitChain(String rootId, java.util.function.BooleanSupplier mayContinue) {
    return chain(awaitAsync(rootId), mayContinue);
  }

  // ---- inputs from earlier jobs ---------------------------------------------------------------

  /** Replaces every {@link dev.pictor.ImageInput#fromJob} input with the stored output it names. */
  private GenerationRequest resolveInputs(GenerationRequest r) {
    boolean any = false;
    for (dev.pictor.ImageInput in : r.images()) any |= in.sourceJob().isPresent();
    if (!any) return r;
    List<dev.pictor.ImageInput> out = new ArrayList<>(r.images().size());
    for (dev.pictor.ImageInput in : r.images()) {
      if (in.sourceJob().isEmpty()) {
        out.add(in);
        continue;
      }
      String source = in.sourceJob().get();
      Job job = job(source).orElseThrow(() -> new InvalidRequestException("images",
          "input " + in.name() + ": there is no job " + source + " in the store"));
      if (job.status() != JobStatus.SUCCEEDED) {
        throw new InvalidRequestException("images", "input " + in.name() + ": job " + source + " is "
            + job.status().wireName() + "; only a succeeded job's output can be an input");
      }
      StoredOutput o = job.outputs().stream().filter(x -> x.index() == in.sourceIndex()).findFirst()
          .orElseThrow(() -> new InvalidRequestException("images", "input " + in.name() + ": job " + source + " has "
              + job.outputs().size() + " output(s), numbered from 0; there is no output " + in.sourceIndex()));
      java.nio.file.Path file = asFile(o.location());
      if (file != null) {
        out.add(dev.pictor.ImageInput.of(file));
      } else {
        try (java.io.InputStream stream = config.outputs().open(o)) {
          out.add(dev.pictor.ImageInput.of(stream, source + "-" + in.sourceIndex()));
        } catch (IOException e) {
          throw new InvalidRequestException("images", "input " + in.name() + ": output " + o.location() + " cannot be read: " + e.getMessage());
        }
      }
    }
    return r.toBuilder().images(out).build();
  }

  private static java.nio.file.Path asFile(String location) {
    try {
      java.nio.file.Path p = java.nio.file.Path.of(location);
      return java.nio.file.Files.isRegularFile(p) ? p : null;
    } catch (RuntimeException notAPath) {
      return null;
    }
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
    JobRun run = start(request);
    if (!request.chain().isEmpty()) continueChain(run);
    return run.job();
  }

  /** Starts a job's chained steps as each step before them succeeds, with nobody waiting on the result. */
  private void continueChain(JobRun run) {
    chain(run.result, () -> !closed).whenComplete((result, e) -> {
      if (e != null) log.info("job {}: its chain ended without a result: {}", run.id(), ProviderHandle.unwrap(e).toString());
    });
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
    JobRecord record = config.jobStore().find(id).orElseThrow();
    CompletableFuture<GenerationResult> f = new CompletableFuture<>();
    if (leases.heldByAnother(record)) {
      watchElsewhere(id, f);
      return f;
    }
    JobRun attached = attach(record);
    if (attached != null) return view(attached);
    watchElsewhere(id, f); // it ended, or another instance took it first: the store tells how it goes
    return f;
  }

  /**
   * Completes {@code result} from the store when job {@code id}, followed by another instance, ends;
   * takes the job over if that instance's lease runs out first. Polls the store, backing off from
   * the first poll interval to the longest.
   */
  @Override
  public void watchElsewhere(String id, CompletableFuture<GenerationResult> result) {
    watchStep(id, result, config.pollInitial());
  }

  private void watchStep(String id, CompletableFuture<GenerationResult> result, Duration delay) {
    if (result.isDone()) return;
    Runnable tick = () -> {
      try {
        Optional<JobRecord> r = config.jobStore().find(id);
        if (r.isEmpty()) {
          result.completeExceptionally(new GenerationException("job " + id + " was deleted while it ran elsewhere", null, null));
          return;
        }
        Job job = JobCodec.fromRecord(r.get());
        if (job.status() == JobStatus.SUCCEEDED) {
          result.complete(resultOf(job));
          return;
        }
        if (job.status().isTerminal()) {
          result.completeExceptionally(Outcomes.exceptionFor(job));
          return;
        }
        JobRun mine = runs.get(id);
        if (mine == null && !closed && !leases.heldByAnother(r.get())) mine = attach(r.get());
        if (mine != null) {
          view(mine).whenComplete((v, e) -> {
            if (e != null) result.completeExceptionally(e);
            else result.complete(v);
          });
          return;
        }
        if (closed) {
          result.completeExceptionally(new GenerationException("the client closed while job " + id
              + " ran in another instance; it stays stored as " + job.status().wireName(), null, null));
          return;
        }
        long next = Math.min(config.pollMax().toMillis(), Math.max(1, delay.toMillis() * 2));
        watchStep(id, result, Duration.ofMillis(next));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    };
    config.scheduler().schedule(() -> workerPool.execute(tick), delay);
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
    ModelSpec spec = spec(h, request.model());
    Map<String, Object> params = RequestValidator.validate(request, spec, clock().now());
    h.provider.validate(new ProviderRequest("validation", request, spec, params, request.deadline().orElse(null)));
  }

  @Override
  public Optional<Money> estimate(GenerationRequest request) {
    ProviderHandle h = handleFor(request.provider().orElse(null));
    ModelSpec spec = spec(h, request.model());
    Map<String, Object> params;
    try {
      params = RequestValidator.validate(request, spec, clock().now());
    } catch (InvalidRequestException incomplete) {
      return estimate(spec, request); // not sendable as it is: the catalogue's price is all there is
    }
    return estimate(h, new ProviderRequest("estimate", request, spec, params, request.deadline().orElse(null)));
  }

  /** The provider's own estimate for a validated request, else the catalogue's price per image. */
  private static Optional<Money> estimate(ProviderHandle h, ProviderRequest request) {
    Optional<Money> own = h.provider.estimate(request);
    return own.isPresent() ? own : estimate(request.model(), request.request());
  }

  private static Optional<Money> estimate(ModelSpec spec, GenerationRequest request) {
    return spec.pricePerImage().map(p -> p.times(request.numOutputs().orElse(1)));
  }

  @Override
  public ModelCatalog catalog(String provider) {
    return handleFor(provider).provider.catalog();
  }

  // ---- batches --------------------------------------------------------------------------------

  @Override
  public BatchEstimate estimateBatch(BatchSpec spec) {
    return costs(spec).toEstimate();
  }

  private BatchCosts costs(BatchSpec spec) {
    String unit = spec.prices() != null ? spec.prices().unit() : spec.budget() != null ? spec.budget().currency() : "USD";
    if (spec.budget() != null && !spec.budget().currency().equals(unit)) {
      throw new InvalidRequestException("budget", "the budget is in " + spec.budget().currency() + " but the prices are in "
          + unit + "; give both in one unit");
    }
    List<GenerationRequest> requests = new ArrayList<>(spec.items().size());
    for (BatchSpec.Item item : spec.items()) requests.add(item.request());
    java.util.function.Function<GenerationRequest, Optional<Money>> pricer = r -> {
      int n = r.numOutputs().orElse(1);
      if (spec.prices() != null) {
        Optional<Money> listed = spec.prices().perImage(r.model());
        if (listed.isPresent()) return Optional.of(listed.get().times(n));
      }
      return estimate(r).filter(p -> p.currency().equals(unit));
    };
    return new BatchCosts(unit, requests, pricer, this::stepsOf, spec.prices());
  }

  /** A request and the requests of its chained steps (with placeholder inputs), for pricing. */
  private List<GenerationRequest> stepsOf(GenerationRequest r) {
    if (r.chain().isEmpty()) return List.of(r);
    List<GenerationRequest> out = new ArrayList<>();
    out.add(r);
    ProviderHandle h = handleFor(r.provider().orElse(null));
    for (ChainStep step : r.chain()) {
      out.add(GenerationRequest.builder(step.action(), stepModel(h, step)).provider(h.id()).build());
    }
    return out;
  }

  @Override
  public Batch startBatch(BatchSpec spec, String givenId) {
    if (closed) throw new IllegalStateException("this GenerationClient is closed");
    for (BatchSpec.Item item : spec.items()) {
      try {
        validate(item.request());
        ProviderHandle h = handleFor(item.request().provider().orElse(null));
        for (ChainStep step : item.request().chain()) stepModel(h, step);
      } catch (InvalidRequestException e) {
        throw new InvalidRequestException(e.field().orElse(null), "batch item " + item.index()
            + (item.input() == null ? "" : " (" + item.input() + ")") + ": " + e.getMessage());
      }
    }
    BatchCosts costs = costs(spec);
    if (spec.budget() != null && costs.total().isEmpty()) {
      throw new InvalidRequestException("budget", "a budget of " + spec.budget() + " cannot be kept: models "
          + costs.unpricedModels() + " have no price in " + costs.unit() + "; give prices(PriceList) for them");
    }
    String id = givenId != null ? givenId : Ids.newId("batch");
    Instant now = clock().now();
    try {
      config.jobStore().insert(BatchCodec.toRecord(id, spec, "running", now, now, 0, null).toBuilder()
          .lease(instanceId, leases.until()).build());
    } catch (IllegalStateException exists) {
      throw new InvalidRequestException("id", "batch " + id + " is stored already; GenerationClient.batch(\"" + id
          + "\") returns it, and nothing was started again");
    }
    BatchRun run = new BatchRun(this, id, spec, costs, now, "running", 0);
    batches.put(id, run);
    log.info("batch {}: stored with {} items; sending", id, spec.items().size());
    run.pump();
    return run;
  }

  @Override
  public Optional<Batch> batch(String id) {
    BatchRun run = batches.get(id);
    if (run != null) return Optional.of(run);
    Optional<JobRecord> r = config.jobStore().find(id).filter(x -> x.kind().equals(JobRecord.KIND_BATCH));
    if (r.isEmpty()) return Optional.empty();
    BatchSpec spec = BatchCodec.fromRecord(r.get());
    BatchRun stored = new BatchRun(this, id, spec, costs(spec), r.get().createdAt(), r.get().status(), r.get().version());
    stored.recoverReadOnly();
    return Optional.of(stored);
  }

  /** Continues the stored batches that were running, paused or being canceled when a process stopped. */
  private void resumeBatches() {
    RecordQuery rq = new RecordQuery(Set.of(JobRecord.KIND_BATCH), Set.of("running", "paused", "canceling"), null, null,
        null, null, null, null, null, null, null, 0, 500);
    List<JobRecord> all = claimAll(rq);
    for (JobRecord r : all) {
      if (batches.containsKey(r.id())) continue;
      try {
        BatchSpec spec = BatchCodec.fromRecord(r);
        if (spec.items().stream().anyMatch(i -> !providers.containsKey(i.request().provider().orElse(config.defaultProvider())))) {
          continue; // another client, with other providers, runs it
        }
        BatchCosts costs = costs(spec);
        if (spec.budget() != null && costs.total().isEmpty()) {
          log.warn("batch {} is left as it is: its budget cannot be kept, models {} have no price any more", r.id(),
              costs.unpricedModels());
          continue;
        }
        BatchRun run = new BatchRun(this, r.id(), spec, costs, r.createdAt(), r.status(), r.version());
        if (batches.putIfAbsent(r.id(), run) != null) continue;
        run.recover();
        if (r.status().equals("canceling")) run.cancelRemaining();
        else run.pump();
        log.info("batch {}: resumed", r.id());
      } catch (RuntimeException e) {
        log.warn("batch {} could not be resumed and is left as it is: {}", r.id(), e.toString());
      }
    }
  }

  /**
   * Takes the leases of every record the query matches that no live instance holds (free, expired,
   * or held by a process on this machine that is gone), page by page; returns them as stored.
   */
  private List<JobRecord> claimAll(RecordQuery first) {
    dev.pictor.spi.LeaseClaim claim = leases.claim(queryAll(first));
    List<JobRecord> all = new ArrayList<>();
    while (true) {
      List<JobRecord> page = config.jobStore().claim(first.withPage(0, first.limit()), claim);
      all.addAll(page);
      if (page.size() < first.limit()) return all;
    }
  }

  /** Every record the query matches, page by page. */
  private List<JobRecord> queryAll(RecordQuery first) {
    List<JobRecord> all = new ArrayList<>();
    for (RecordQuery rq = first; ; rq = rq.withPage(rq.offset() + rq.limit(), rq.limit())) {
      List<JobRecord> page = config.jobStore().query(rq);
      all.addAll(page);
      if (page.size() < rq.limit()) return all;
    }
  }

  /** Stores a job that ends without being sent (a batch item over budget, canceled or invalid). */
  void recordEnded(String id, String batchId, GenerationRequest request, JobStatus status, dev.pictor.JobError error) {
    String provider = request.provider().orElse(config.defaultProvider());
    Instant now = clock().now();
    Job job = Job.builder().id(id).status(status).request(request).provider(provider == null ? "?" : provider)
        .batchId(batchId).createdAt(now).completedAt(now).error(error).build();
    try {
      config.jobStore().insert(JobCodec.toRecord(job, 0, instanceId, leases.until()));
    } catch (IllegalStateException exists) {
      log.debug("job {} was stored already", id);
    }
  }

  boolean saveBatchStatus(String id, String status, long version) {
    Optional<JobRecord> r = config.jobStore().find(id);
    if (r.isEmpty()) return false;
    if (leases.heldByAnother(r.get())) {
      log.warn("batch {}: another instance ({}) holds it now; status {} not saved", id, r.get().leaseOwner().orElse("?"), status);
      return false;
    }
    boolean ended = status.equals("completed") || status.equals("canceled");
    JobRecord updated = r.get().toBuilder().status(status).updatedAt(clock().now()).version(version + 1)
        .lease(ended ? null : instanceId, ended ? null : leases.until()).build();
    boolean ok = config.jobStore().update(updated, r.get().version());
    if (!ok) log.warn("batch {}: its record changed under us; status {} not saved", id, status);
    return ok;
  }

  void batchEnded(BatchRun run) {
    batches.remove(run.id(), run);
  }

  boolean isClosed() {
    return closed;
  }

  OutputSink outputSink() {
    return config.outputs();
  }

  /** Starts a batch item's job; the future is its final result, chained steps included. */
  CompletableFuture<GenerationResult> startItem(GenerationRequest request, String jobId, String batchId,
      java.util.function.BooleanSupplier mayContinue) {
    return chain(start(request, jobId, batchId, null).result, mayContinue);
  }

  // ---- resume, webhooks, delete ---------------------------------------------------------------

  @Override
  public List<Job> resume() {
    List<Job> resumed = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    RecordQuery rq = new RecordQuery(Set.of(JobRecord.KIND_JOB), IN_FLIGHT, null, null, providers.keySet(), null, null,
        null, null, null, null, 0, 500);
    List<JobRecord> all = claimAll(rq);
    for (JobRecord r : all) {
      if (!seen.add(r.id()) || runs.containsKey(r.id())) continue;
      JobRun run = attach(r);
      if (run == null) continue;
      resumed.add(run.job());
      // A chained request outside a batch goes on to its next steps (a batch's own resume does it for its items).
      if (!run.job().request().chain().isEmpty() && run.job().batchId().isEmpty()) continueChain(run);
    }
    if (resumed.isEmpty()) log.debug("resumed no jobs");
    else log.info("resumed {} jobs", resumed.size());
    resumeBatches();
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
    if (!instanceId.equals(record.leaseOwner().orElse(null))) {
      // Take the lease first, so two instances never follow (or send) the same job.
      JobRecord mine = record.toBuilder().lease(instanceId, leases.until()).version(record.version() + 1).build();
      if (!config.jobStore().update(mine, record.version())) return null;
      record = mine;
    }
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
    Optional<JobRecord> found = byProviderJobId(provider, update.providerJobId());
    if (found.isEmpty()) return adopt(provider, update);
    JobRecord r = found.get();
    JobRun run = runs.get(r.id());
    if (JobStatus.fromWireName(r.status()).isTerminal()) {
      if (run != null) run.endedElsewhere(JobCodec.fromRecord(r)); // another instance finished it
      return Webhooks.Outcome.UNCHANGED;
    }
    if (run == null && leases.heldByAnother(r)) {
      // Another live instance follows this job and polls it; an end is applied here at once, and that
      // instance reads the outcome from the store.
      if (!update.status().isTerminal()) return Webhooks.Outcome.UNCHANGED;
      r = r.toBuilder().lease(null, null).build();
    }
    if (run == null) run = attach(r);
    if (run == null) return Webhooks.Outcome.UNKNOWN_JOB;
    return run.update(update) ? Webhooks.Outcome.UPDATED : Webhooks.Outcome.UNCHANGED;
  }

  /** The stored job of {@code provider} whose provider job id is {@code providerJobId}. */
  private Optional<JobRecord> byProviderJobId(String provider, String providerJobId) {
    RecordQuery rq = new RecordQuery(Set.of(JobRecord.KIND_JOB), null, null, null, Set.of(provider), null,
        providerJobId, null, null, null, null, 0, 1);
    return config.jobStore().query(rq).stream().findFirst();
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
    ProviderHandle h = handleFor(provider);
    // The job a per-job webhook URL names, as stored here; nothing about the delivery is verified yet.
    Optional<Job> claimed = h.provider.webhookJobHint(delivery).flatMap(this::job).filter(j -> j.provider().equals(h.id()));
    try {
      // Whatever can be checked without a token is checked before one is leased: a forged delivery
      // takes no rate permit and counts as no token's error.
      h.provider.precheckWebhook(delivery, claimed.flatMap(Job::providerJobId), config.scheduler().now());
    } catch (GenerationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new GenerationException("checking a webhook failed: " + e, provider, e);
    }
    Optional<ProviderJob> update;
    try {
      // Verify with the token of the job the delivery claims to be for, when the provider can tell.
      String token = claimed.flatMap(Job::token).orElse(null);
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
    if (claimed.isPresent()) requireClaimedJob(h.id(), claimed.get(), update.get());
    return apply(h.id(), update.get());
  }

  /**
   * A delivery that arrived at one job's own webhook URL may move that job only. When the job has a
   * provider job id, the update must be about it; when it has none (its submit answer was lost), the
   * update may be adopted into that job only, never applied to another job that already has that
   * provider job id.
   */
  private void requireClaimedJob(String provider, Job claimed, ProviderJob update) {
    String why = null;
    Optional<String> expected = claimed.providerJobId();
    if (update.jobId().isPresent() && !update.jobId().get().equals(claimed.id())) {
      why = "it is about job " + printable(update.jobId().get());
    } else if (expected.isPresent() && !expected.get().equals(update.providerJobId())) {
      why = "it is about " + provider + " job " + printable(update.providerJobId()) + ", not " + expected.get();
    } else if (expected.isEmpty()
        && byProviderJobId(provider, update.providerJobId()).filter(r -> !r.id().equals(claimed.id())).isPresent()) {
      why = "it is about " + provider + " job " + printable(update.providerJobId()) + ", which another job has";
    }
    if (why != null) {
      throw new dev.pictor.WebhookRejectedException(dev.pictor.WebhookRejectedException.Reason.BAD_TOKEN,
          provider + ": the delivery came to the webhook URL of job " + claimed.id() + " but " + why + "; refused");
    }
  }

  /** A value from a delivery as it may appear in a message: printable ASCII only, at most 60 characters. */
  private static String printable(String value) {
    String s = value.replaceAll("[^ -~]", "?");
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
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
    for (BatchRun b : batches.values()) b.stop();
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
    java.util.concurrent.Future<?> t = takeOverTimer;
    if (t != null) t.cancel(false);
    leases.release();
    workerPool.shutdown();
    dispatcherPool.shutdown();
    if (ownCallbacks != null) ownCallbacks.shutdown();
  }

  @Override
  public String toString() {
    return "GenerationClient{providers=" + providers.keySet() + ", store=" + config.jobStore() + ", inFlight=" + runs.size() + "}";
  }
}
