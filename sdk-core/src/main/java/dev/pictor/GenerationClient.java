package dev.pictor;

import dev.pictor.internal.ClientConfig;
import dev.pictor.internal.RealGenerationClient;
import dev.pictor.spi.GenerationProvider;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.ProviderJob;
import dev.pictor.spi.Scheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * The one entry point: generates images through the configured providers, keeping every job in a
 * {@link JobStore} before it is sent, leasing tokens from each provider's {@link TokenPool},
 * retrying what is safe to retry, polling or waiting until the job ends, and downloading outputs at
 * once into an {@link OutputSink}.
 *
 * <p>Thread-safe: build one per application and share it. {@link #close()} stops new work, waits
 * for jobs in flight up to the shutdown timeout, and leaves the rest in the store for
 * {@link #resume()}. Blocking methods throw {@link GenerationException} subtypes unwrapped; each has
 * an asynchronous twin whose future, when cancelled, cancels the HTTP call and the job at the
 * provider.
 *
 * <pre>{@code
 * try (GenerationClient client = GenerationClient.builder()
 *     .provider(provider)
 *     .outputs(OutputSink.files(Path.of("out")))
 *     .build()) {
 *   GenerationResult r = client.generate(GenerationRequest.create("flux-schnell")
 *       .prompt("A beautiful sunset over mountains").aspectRatio("16:9").build());
 *   r.images().get(0).saveTo(Path.of("sunset.webp"));
 * }
 * }</pre>
 */
public interface GenerationClient extends AutoCloseable {

  static Builder builder() {
    return new Builder();
  }

  /** Generates and waits for the result. */
  GenerationResult generate(GenerationRequest request);

  /**
   * Generates without blocking. The request is validated before this returns (bad input throws
   * here, not in the future). Cancelling the future cancels the HTTP call and the job at the provider.
   */
  CompletableFuture<GenerationResult> generateAsync(GenerationRequest request);

  /** Validates, stores and starts the job, and returns it at once (status {@link JobStatus#PENDING}). */
  Job submit(GenerationRequest request);

  /** The stored job, if there is one with that id. */
  Optional<Job> job(String id);

  /**
   * Waits for a job to end and returns its result. A job still in flight in the store but not in this
   * client (after a restart) is re-attached first.
   */
  GenerationResult await(String id);

  /** The asynchronous twin of {@link #await}. */
  CompletableFuture<GenerationResult> awaitAsync(String id);

  /** Cancels a job here and at the provider; returns the job as it ends (or as it was, if finished). */
  Job cancel(String id);

  /** The asynchronous twin of {@link #cancel}: completes with the job once it has ended. */
  CompletableFuture<Job> cancelAsync(String id);

  /** Stored jobs matching the query, newest first. */
  List<Job> jobs(JobQuery query);

  /**
   * Re-attaches to every stored job of this client's providers that was in flight when a previous
   * process stopped: submitted and running jobs are polled again; pending jobs that never reached the
   * provider are sent; jobs whose submit may have reached it are reconciled first, never blindly
   * resent. Batches that were running continue with the items they had not sent yet (see
   * {@link #batch(String)}). Returns the jobs taken up.
   */
  List<Job> resume();

  /** Deletes a job and its stored outputs, cancelling it first if it is running. */
  boolean delete(String id);

  /** Counts and average queue and processing times since {@code since}, by action, model and status. */
  List<JobStats> stats(Instant since);

  /**
   * Checks a request exactly as {@link #submit} would (model, action, prompt, images, parameters,
   * deadline), without storing or sending anything. Lets a caller refuse a whole batch up front.
   *
   * @throws InvalidRequestException naming the field, the value and what is allowed
   */
  void validate(GenerationRequest request);

  /** The cost the catalogue gives for a request, before anything is sent; empty when unpriced. */
  Optional<Money> estimate(GenerationRequest request);

  /** The catalogue of a configured provider. */
  ModelCatalog catalog(String provider);

  /**
   * Feeds in a job update the host received another way (a verified webhook): the job with that
   * provider job id moves on as if a poll had returned it. Returns false when no such job is known.
   */
  boolean handleUpdate(String provider, ProviderJob update);

  /**
   * Runs a provider operation that is not a generation job (a training, a health check, a model
   * lookup) with a token leased from the provider's pool, the shared HTTP client, and the read retry
   * rules. Provider modules build their extra APIs on this; applications rarely call it directly.
   *
   * <pre>{@code
   * CompletableFuture<String> health = client.providerCall("runpod", call -> RunPodApi.health(call));
   * }</pre>
   */
  <T> CompletableFuture<T> providerCall(String provider, java.util.function.Function<dev.pictor.spi.ProviderCall, CompletableFuture<T>> operation);

  /**
   * Starts building a batch: one template over many images or seeds, or a list of requests. See
   * {@link BatchBuilder}.
   */
  default BatchBuilder newBatch() {
    return new BatchBuilder(this);
  }

  /** Starts building an A/B comparison of prompt variants. See {@link VariantsBuilder}. */
  default VariantsBuilder newVariants() {
    return new VariantsBuilder(this);
  }

  /**
   * A batch by id: one this client runs, or one in the store (after {@link #resume()} it runs again).
   */
  Optional<Batch> batch(String id);

  /**
   * This client's name as the owner of the leases it holds in a shared store (see
   * {@link Builder#instanceId(String)}); a stored record whose {@code leaseOwner()} is this id is
   * being worked on here.
   */
  String instanceId();

  /** Where the host application feeds webhook deliveries in. */
  Webhooks webhooks();

  /** Stops new work and waits up to the shutdown timeout for jobs in flight; the rest stay stored. */
  @Override
  void close();

  /**
   * Configures a {@link GenerationClient}. Not thread-safe; build once.
   */
  final class Builder {
    private final Map<String, GenerationProvider> providers = new LinkedHashMap<>();
    private final List<GenerationListener> listeners = new ArrayList<>();
    private final List<Interceptor> interceptors = new ArrayList<>();
    private final Map<String, UnaryOperator<OkHttpClient.Builder>> providerHttp = new LinkedHashMap<>();
    private String defaultProvider;
    private JobStore jobStore;
    private OutputSink outputs;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Duration pollInitial = Duration.ofMillis(500);
    private Duration pollMax = Duration.ofSeconds(10);
    private OkHttpClient httpClient;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(90);
    private Duration callTimeout = Duration.ZERO;
    private int maxConcurrency = 64;
    private long maxOutputBytes = 50L * 1024 * 1024;
    private Executor callbackExecutor;
    private Scheduler scheduler = Scheduler.system();
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private boolean resendUnknown;
    private String instanceId;
    private Duration leaseDuration = Duration.ofSeconds(30);
    private Duration takeOverEvery;

    Builder() {}

    /** Adds a provider; the first one added is the default. */
    public Builder provider(GenerationProvider provider) {
      Objects.requireNonNull(provider, "provider == null");
      if (providers.putIfAbsent(provider.id(), provider) != null) {
        throw new IllegalArgumentException("provider " + provider.id() + " is already configured");
      }
      return this;
    }

    /** The provider for requests that name none. */
    public Builder defaultProvider(String id) {
      this.defaultProvider = id;
      return this;
    }

    /** Where jobs are kept; default {@link JobStore#inMemory()}. */
    public Builder jobStore(JobStore store) {
      this.jobStore = Objects.requireNonNull(store, "store == null");
      return this;
    }

    /** Where outputs go; default files under {@code ./pictor-output} with {@link OutputSink#DEFAULT_LAYOUT}. */
    public Builder outputs(OutputSink sink) {
      this.outputs = Objects.requireNonNull(sink, "sink == null");
      return this;
    }

    /** Adds a listener; see {@link GenerationListener} for threading. */
    public Builder listener(GenerationListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener == null"));
      return this;
    }

    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "policy == null");
      return this;
    }

    /** Adaptive polling: the first wait, growing by half with jitter up to {@code max}. Default 500 ms to 10 s. */
    public Builder polling(Duration initial, Duration max) {
      if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("polling must satisfy 0 < initial <= max; got " + initial + ", " + max);
      }
      this.pollInitial = initial;
      this.pollMax = max;
      return this;
    }

    /**
     * Shares the host's OkHttp client (its connection pool, proxy, TLS and interceptors). Pictor
     * derives its own clients from it with {@code newBuilder()}, so the host's stays unchanged.
     */
    public Builder httpClient(OkHttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "client == null");
      return this;
    }

    /** Adds an application interceptor to every provider API call (not to output downloads). */
    public Builder addInterceptor(Interceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor == null"));
      return this;
    }

    /**
     * Customises the HTTP client of one provider: a proxy, timeouts, interceptors.
     *
     * <pre>{@code
     * .providerHttp("openai", b -> b.readTimeout(Duration.ofMinutes(6)).proxy(corporateProxy))
     * }</pre>
     */
    public Builder providerHttp(String provider, UnaryOperator<OkHttpClient.Builder> customizer) {
      providerHttp.put(Objects.requireNonNull(provider, "provider == null"), Objects.requireNonNull(customizer, "customizer == null"));
      return this;
    }

    /** Default connect, read and whole-call timeouts (zero for none); defaults 10 s, 90 s, none. */
    public Builder timeouts(Duration connect, Duration read, Duration call) {
      this.connectTimeout = Objects.requireNonNull(connect, "connect == null");
      this.readTimeout = Objects.requireNonNull(read, "read == null");
      this.callTimeout = Objects.requireNonNull(call, "call == null");
      return this;
    }

    /** How many HTTP calls may be in flight at once, per host too (OkHttp's own default is 5). Default 64. */
    public Builder maxConcurrency(int calls) {
      if (calls < 1) throw new IllegalArgumentException("maxConcurrency < 1: " + calls);
      this.maxConcurrency = calls;
      return this;
    }

    /** The largest output image accepted; a larger one fails the job. Default 50 MB. */
    public Builder maxOutputBytes(long bytes) {
      if (bytes < 1) throw new IllegalArgumentException("maxOutputBytes < 1: " + bytes);
      this.maxOutputBytes = bytes;
      return this;
    }

    /**
     * The executor that completes futures and calls listeners. Default: the client's own pool of
     * daemon threads named {@code pictor-callback-N}, never the common pool.
     */
    public Builder callbackExecutor(Executor executor) {
      this.callbackExecutor = Objects.requireNonNull(executor, "executor == null");
      return this;
    }

    /** The time source and timer; tests pass the testkit's {@code ManualClock}. */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler == null");
      return this;
    }

    /** How long {@link #close()} waits for jobs in flight. Default 30 s. */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    /**
     * Whether a create whose outcome is ambiguous, and which the provider cannot reconcile, is sent
     * again (accepting a possible double charge). Default false: such jobs end {@link JobStatus#UNKNOWN}.
     */
    public Builder resendUnknown(boolean resend) {
      this.resendUnknown = resend;
      return this;
    }

    /**
     * This client's name as a lease owner in a shared store. The default, {@code host/pid/start/random},
     * lets a client on the same machine take over at once the work of a process that is gone; a custom
     * id gives that up (its leases are always waited out). Must be unique among live clients.
     */
    public Builder instanceId(String id) {
      this.instanceId = Objects.requireNonNull(id, "id == null");
      return this;
    }

    /**
     * How long the jobs and batches this client works on stay leased to it without renewal. The
     * client renews its leases every third of this while it runs and lets them go on
     * {@link GenerationClient#close()}; when it dies, another instance over the same store takes its
     * work over once they expire. Default 30 s; at least 1 s. Needs a store that keeps lease expiries
     * ({@link JobStore#renewLeases}); with others, leases never expire.
     */
    public Builder leaseDuration(Duration duration) {
      Objects.requireNonNull(duration, "duration == null");
      if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("leaseDuration must be at least 1 s, was " + duration);
      }
      this.leaseDuration = duration;
      return this;
    }

    /**
     * Makes this client take over, every {@code interval}, the work in a shared store that no live
     * instance holds: jobs and batches whose leases expired, or whose owner process on this machine is
     * gone, as {@link GenerationClient#resume()} does once. Off by default; turn it on in each instance
     * of a service that shares one database.
     */
    public Builder takeOverEvery(Duration interval) {
      Objects.requireNonNull(interval, "interval == null");
      if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("interval must be positive, was " + interval);
      this.takeOverEvery = interval;
      return this;
    }

    /** Shorthand for {@code outputs(OutputSink.files(dir))}. */
    public Builder outputDirectory(Path dir) {
      return outputs(OutputSink.files(dir));
    }

    /**
     * Builds the client.
     *
     * @throws IllegalStateException when no provider was added or the default names an unknown one
     */
    public GenerationClient build() {
      if (providers.isEmpty()) throw new IllegalStateException("no provider: add one with provider(...)");
      String def = defaultProvider == null ? providers.keySet().iterator().next() : defaultProvider;
      if (!providers.containsKey(def)) {
        throw new IllegalStateException("default provider " + def + " is not configured; configured: " + providers.keySet());
      }
      ClientConfig config = new ClientConfig(
          Map.copyOf(providers), def,
          jobStore == null ? JobStore.inMemory() : jobStore,
          outputs == null ? OutputSink.files(Path.of("pictor-output")) : outputs,
          List.copyOf(listeners), List.copyOf(interceptors), Map.copyOf(providerHttp),
          retryPolicy, pollInitial, pollMax, httpClient, connectTimeout, readTimeout, callTimeout,
          maxConcurrency, maxOutputBytes, callbackExecutor, scheduler, shutdownTimeout, resendUnknown,
          instanceId, leaseDuration, takeOverEvery);
      return new RealGenerationClient(config);
    }
  }
}
