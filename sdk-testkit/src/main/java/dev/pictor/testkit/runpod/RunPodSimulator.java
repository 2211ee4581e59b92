package dev.pictor.testkit.runpod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RunPod's serverless HTTP API on loopback, so that real RunPod client code runs offline: the
 * queue-based endpoint operations {@code /run}, {@code /runsync?wait=}, {@code /status/{id}?ttl=},
 * {@code /cancel/{id}}, {@code /retry/{id}}, {@code /purge-queue} and {@code /health} under
 * {@code /v2/{endpoint_id}}, with RunPod's job statuses, {@code delayTime}/{@code executionTime},
 * {@code policy.executionTimeout} and {@code policy.ttl}, result retention, payload limits, per key
 * and endpoint rate limits (429 without {@code Retry-After}), unsigned webhooks and seeded faults
 * (5xx, resets, jobs charged but never answered, failed and timed-out jobs, slow and malformed
 * answers). The public FLUX endpoints validate their input as documented and answer
 * {@code {"image_url": ..., "cost": ...}}; each {@code image_url} is a deterministic image on a second
 * loopback host that stands in for {@code image.runpod.ai}. A {@link RunPodLedger} records what was
 * charged and downloaded.
 *
 * <p>Each API key is its own account: its jobs are visible only to it, and each (key, endpoint) pair
 * has its own FIFO queue of {@linkplain Builder#workers workers}. A job waits {@code IN_QUEUE} until a
 * worker is free, is {@code IN_PROGRESS} for the {@linkplain Builder#latency latency}, then ends
 * {@code COMPLETED}. Job time (latency, {@code delayTime}, {@code executionTime}, timeouts, ttl,
 * retention, the 7-day life of image URLs) and the rate limiters follow the {@linkplain Builder#clock
 * clock}, so a test can move a manual clock past a 10 s ttl instantly; how long {@code /runsync}
 * holds an answer, {@code slowAnswers} and webhook retry delays are real time.
 *
 * <p>Thread-safe: every method may be called from any thread while clients run; MockWebServer serves
 * each connection on its own thread, so a client blocked in {@code /runsync} does not hold up others.
 *
 * <pre>{@code
 * try (RunPodSimulator sim = RunPodSimulator.builder()
 *     .apiKeys("rpa_test_key_a")
 *     .latency(Duration.ofMillis(5))
 *     .faults(RunPodSimulator.Faults.builder().serverErrors(0.1).dropAfterCharge(0.05).seed(42).build())
 *     .build()
 *     .start()) {
 *   // point the RunPod provider at sim.baseUrl() ("http://127.0.0.1:PORT/v2"), which it extends
 *   // with "/black-forest-labs-flux-1-schnell/run" and so on, and run a batch
 *   assertThat(sim.ledger().duplicates()).isEmpty();
 *   assertThat(sim.ledger().downloadsWithAuthorization()).isZero();
 * }
 * }</pre>
 */
public final class RunPodSimulator implements AutoCloseable {
  /** The endpoint id of FLUX.1 Kontext [dev] that RunPod documents. */
  public static final String FLUX_KONTEXT_DEV = "black-forest-labs-flux-1-kontext-dev";
  /** The endpoint id of FLUX.1 [dev]. */
  public static final String FLUX_DEV = "black-forest-labs-flux-1-dev";
  /** The endpoint id of FLUX.1 [schnell]. */
  public static final String FLUX_SCHNELL = "black-forest-labs-flux-1-schnell";

  private final Builder config;
  private final RunPodLedger ledger = new RunPodLedger();
  private final Set<String> revoked = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private Api api;
  private Delivery delivery;
  private Jobs jobs;
  private Webhooks webhooks;
  private String baseUrl;
  private boolean started;
  private boolean closed;

  private RunPodSimulator(Builder builder) {
    this.config = builder.copy();
  }

  /** A builder with RunPod's documented defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the API host and the image host on 127.0.0.1, on free ports.
   *
   * @return this simulator
   * @throws IllegalStateException if it was started or closed before
   * @throws UncheckedIOException if a port cannot be bound
   */
  public RunPodSimulator start() {
    synchronized (lock) {
      if (started || closed) throw new IllegalStateException(closed ? "closed" : "already started");
      started = true;
      try {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        Map<Api.Op, RateLimiter> limiters = new EnumMap<>(Api.Op.class);
        limiters.put(Api.Op.RUN, new RateLimiter(config.clock, config.runLimit));
        limiters.put(Api.Op.RUNSYNC, new RateLimiter(config.clock, config.runsyncLimit));
        limiters.put(Api.Op.STATUS, new RateLimiter(config.clock, config.statusLimit));
        limiters.put(Api.Op.CANCEL, new RateLimiter(config.clock, config.cancelLimit));
        limiters.put(Api.Op.PURGE, new RateLimiter(config.clock, RateLimiter.Limit.per(2, 10)));
        FaultDice dice = new FaultDice(config.faults, ledger);
        api = new Api(config.keys, revoked, config.anyEndpoint ? null : Set.copyOf(config.endpoints), limiters, dice, ledger);
        baseUrl = "http://127.0.0.1:" + api.start(loopback) + "/v2";
        delivery = new Delivery(ledger, config.clock);
        delivery.start(loopback);
        webhooks = new Webhooks(ledger, config.webhookRetryDelay);
        jobs = new Jobs(config.clock, config.latency.toMillis(), config.workers, config.retention.toMillis(), delivery,
            webhooks, ledger);
        api.routes(new Routes(jobs, dice, ledger, config.dataUriImages));
      } catch (IOException e) {
        closeQuietly();
        throw new UncheckedIOException("could not start the RunPod simulator", e);
      }
      return this;
    }
  }

  /**
   * The API base as RunPod documents it, without an endpoint id: {@code http://127.0.0.1:PORT/v2}.
   * Requests go to {@code baseUrl() + "/" + endpointId + "/run"} and so on.
   *
   * @throws IllegalStateException before {@link #start()}
   */
  public String baseUrl() {
    synchronized (lock) {
      if (!started) throw new IllegalStateException("start() the simulator first");
      return baseUrl;
    }
  }

  /**
   * The base of the image host ({@code http://127.0.0.1:PORT}), the simulator's {@code image.runpod.ai}.
   *
   * @throws IllegalStateException before {@link #start()}
   */
  public String deliveryBaseUrl() {
    synchronized (lock) {
      if (!started) throw new IllegalStateException("start() the simulator first");
      return delivery.base();
    }
  }

  /** What the simulator saw and charged so far. */
  public RunPodLedger ledger() {
    return ledger;
  }

  /** Makes {@code apiKey} answer 401 from now on, as a key revoked in RunPod's console does. */
  public void revoke(String apiKey) {
    revoked.add(Objects.requireNonNull(apiKey, "apiKey == null"));
  }

  /** Stops both hosts, all processing and all webhook deliveries; requests still waiting are released. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) return;
      closed = true;
      closeQuietly();
    }
  }

  private void closeQuietly() {
    if (jobs != null) jobs.close();
    if (api != null) api.close();
    if (delivery != null) delivery.close();
    if (webhooks != null) webhooks.close();
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "RunPodSimulator{" + (started ? baseUrl : "not started") + (closed ? ", closed" : "") + "}";
    }
  }

  /**
   * Configures a {@link RunPodSimulator}. Defaults: any non-empty API key; the endpoints
   * {@value RunPodSimulator#FLUX_KONTEXT_DEV}, {@code flux-kontext-dev} (a short alias),
   * {@value RunPodSimulator#FLUX_DEV} and {@value RunPodSimulator#FLUX_SCHNELL}; no latency; 10
   * workers per key and endpoint; RunPod's documented rate limits per key and endpoint ({@code /run}
   * 1000 per 10 s, {@code /runsync} and {@code /status} 2000 per 10 s, {@code /cancel} 100 per 10 s,
   * {@code /purge-queue} 2 per 10 s; {@code /retry} and {@code /health} unlimited); results of
   * {@code /run} jobs kept 30 minutes ({@code /runsync}: 1 minute); webhook retries 10 s apart; image
   * inputs as URLs or data URIs; no faults; the system clock. Not thread-safe; {@link #build()} copies it.
   */
  public static final class Builder {
    private Set<String> keys;
    private final Set<String> endpoints = new LinkedHashSet<>(List.of(FLUX_KONTEXT_DEV, "flux-kontext-dev", FLUX_DEV, FLUX_SCHNELL));
    private boolean anyEndpoint;
    private Duration latency = Duration.ZERO;
    private int workers = 10;
    private RateLimiter.Limit runLimit = RateLimiter.Limit.per(1000, 10);
    private RateLimiter.Limit runsyncLimit = RateLimiter.Limit.per(2000, 10);
    private boolean runsyncLimitSet;
    private RateLimiter.Limit statusLimit = RateLimiter.Limit.per(2000, 10);
    private RateLimiter.Limit cancelLimit = RateLimiter.Limit.per(100, 10);
    private Duration retention = Duration.ofMinutes(30);
    private Duration webhookRetryDelay = Duration.ofSeconds(10);
    private boolean dataUriImages = true;
    private Faults faults = Faults.none();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.keys = keys == null ? null : Set.copyOf(keys);
      b.endpoints.clear();
      b.endpoints.addAll(endpoints);
      b.anyEndpoint = anyEndpoint;
      b.latency = latency;
      b.workers = workers;
      b.runLimit = runLimit;
      b.runsyncLimit = runsyncLimit;
      b.runsyncLimitSet = runsyncLimitSet;
      b.statusLimit = statusLimit;
      b.cancelLimit = cancelLimit;
      b.retention = retention;
      b.webhookRetryDelay = webhookRetryDelay;
      b.dataUriImages = dataUriImages;
      b.faults = faults;
      b.clock = clock;
      return b;
    }

    /**
     * The only API keys accepted, sent as {@code Authorization: Bearer <key>} or as the bare key; any
     * other key answers 401. Default: any non-empty key.
     */
    public Builder apiKeys(String... keys) {
      Set<String> set = new LinkedHashSet<>();
      for (String k : keys) {
        if (k == null || k.isBlank() || k.contains(" ")) throw new IllegalArgumentException("apiKeys must not be null, blank or contain spaces");
        set.add(k);
      }
      if (set.isEmpty()) throw new IllegalArgumentException("apiKeys must name at least one key");
      this.keys = set;
      return this;
    }

    /**
     * The only endpoint ids known (replacing the defaults); requests to others answer 404. An id
     * containing {@code kontext} behaves as FLUX.1 Kontext [dev], one containing {@code schnell} as
     * FLUX.1 [schnell], any other as FLUX.1 [dev].
     */
    public Builder endpoints(String... endpointIds) {
      Set<String> set = new LinkedHashSet<>();
      for (String e : endpointIds) {
        if (e == null || e.isBlank() || e.contains("/")) throw new IllegalArgumentException("endpoint ids must be non-blank path segments, was " + e);
        set.add(e);
      }
      if (set.isEmpty()) throw new IllegalArgumentException("endpoints must name at least one endpoint id");
      endpoints.clear();
      endpoints.addAll(set);
      anyEndpoint = false;
      return this;
    }

    /** Accepts every endpoint id, as if each were a FLUX endpoint (see {@link #endpoints}). */
    public Builder anyEndpoint() {
      anyEndpoint = true;
      return this;
    }

    /** How long a job is {@code IN_PROGRESS} once a worker takes it, in clock time (default 0; whole milliseconds). */
    public Builder latency(Duration latency) {
      if (latency == null || latency.isNegative()) throw new IllegalArgumentException("latency must be >= 0, was " + latency);
      this.latency = latency;
      return this;
    }

    /** Jobs executing at once per key and endpoint; the rest wait {@code IN_QUEUE} in FIFO order (default 10). */
    public Builder workers(int workers) {
      if (workers < 1) throw new IllegalArgumentException("workers must be >= 1, was " + workers);
      this.workers = workers;
      return this;
    }

    /**
     * Submissions per key and endpoint: a token bucket refilling {@code perSecond} and holding up to
     * {@code burst}; over it, 429. Applies to {@code /run} and, unless {@link #runsyncLimit} was set,
     * to {@code /runsync} too (each with its own bucket). Default: RunPod's 1000 per 10 s
     * (100 a second, burst 1000) for {@code /run} and 2000 per 10 s for {@code /runsync}.
     */
    public Builder runLimit(double perSecond, int burst) {
      this.runLimit = new RateLimiter.Limit(perSecond, burst);
      if (!runsyncLimitSet) this.runsyncLimit = runLimit;
      return this;
    }

    /** {@code /runsync} submissions per key and endpoint, like {@link #runLimit} (default 2000 per 10 s). */
    public Builder runsyncLimit(double perSecond, int burst) {
      this.runsyncLimit = new RateLimiter.Limit(perSecond, burst);
      this.runsyncLimitSet = true;
      return this;
    }

    /** {@code /status} requests per key and endpoint, like {@link #runLimit} (default 2000 per 10 s). */
    public Builder statusLimit(double perSecond, int burst) {
      this.statusLimit = new RateLimiter.Limit(perSecond, burst);
      return this;
    }

    /** {@code /cancel} requests per key and endpoint, like {@link #runLimit} (default 100 per 10 s). */
    public Builder cancelLimit(double perSecond, int burst) {
      this.cancelLimit = new RateLimiter.Limit(perSecond, burst);
      return this;
    }

    /**
     * How long a finished {@code /run} job stays readable (and retryable) before {@code /status}
     * answers 404 (default 30 minutes, as RunPod). {@code /runsync} results are kept 1 minute.
     */
    public Builder retention(Duration retention) {
      if (retention == null || retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException("retention must be > 0, was " + retention);
      }
      this.retention = retention;
      return this;
    }

    /** The real-time delay between a failed webhook delivery and each of its 2 retries (default 10 s, as RunPod). */
    public Builder webhookRetryDelay(Duration delay) {
      if (delay == null || delay.isNegative()) throw new IllegalArgumentException("webhookRetryDelay must be >= 0, was " + delay);
      this.webhookRetryDelay = delay;
      return this;
    }

    /**
     * Whether Kontext's {@code image} may be a {@code data:image/...;base64,} URI as well as an http(s)
     * URL (default true: the fact sheet documents only "URL of the source image" and does not say data
     * URIs are refused). With false, a data URI fails the job like any invalid input, which tests a
     * provider that must upload its inputs first.
     */
    public Builder dataUriImages(boolean accept) {
      this.dataUriImages = accept;
      return this;
    }

    /** The faults to inject (default none). */
    public Builder faults(Faults faults) {
      this.faults = Objects.requireNonNull(faults, "faults == null");
      return this;
    }

    /**
     * The clock of job time (latency, {@code delayTime}, {@code executionTime}, execution timeouts,
     * ttl, retention, image URL expiry) and of the rate limiters' refill. A manual clock moves jobs
     * only when it is moved (a fixed clock never completes a job with latency); {@code /runsync} waits,
     * slow answers and webhook retries run on real time. Default: the system clock.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** A simulator with this configuration, not yet started. */
    public RunPodSimulator build() {
      return new RunPodSimulator(this);
    }
  }

  /**
   * Which faults to inject and how often, each a probability drawn from one seeded random. On
   * {@code /run} and {@code /runsync}, in this order: {@link Builder#serverErrors serverErrors} (a 502
   * with an HTML body or a 503, before anything is charged), {@link Builder#resetsBeforeAnswer
   * resetsBeforeAnswer} (the socket closes, nothing charged), {@link Builder#failingJobs failingJobs}
   * (the job ends {@code FAILED} with an {@code error}) or {@link Builder#timedOutJobs timedOutJobs}
   * (it ends {@code TIMED_OUT}, as when a worker stops reporting), {@link Builder#dropAfterCharge
   * dropAfterCharge} (the job is created and charged, then the socket closes without an answer, so the
   * client never learns the id), {@link Builder#slowAnswers slowAnswers} (the answer's headers are
   * delayed). On every GET ({@code /status}, {@code /health}): {@code serverErrors} and
   * {@link Builder#malformedJson malformedJson} (a 200 with its JSON cut in half). {@code /retry} draws
   * {@code failingJobs}/{@code timedOutJobs} again for the new attempt. Immutable; thread-safe.
   *
   * <pre>{@code
   * Faults faults = Faults.builder().serverErrors(0.10).dropAfterCharge(0.05).failingJobs(0.05).seed(42).build();
   * }</pre>
   */
  public static final class Faults {
    final double serverErrors;
    final double resetsBeforeAnswer;
    final double dropAfterCharge;
    final double failingJobs;
    final double timedOutJobs;
    final double slowAnswers;
    final Duration slowAnswerDelay;
    final double malformedJson;
    final long seed;

    private Faults(Builder b) {
      serverErrors = b.serverErrors;
      resetsBeforeAnswer = b.resetsBeforeAnswer;
      dropAfterCharge = b.dropAfterCharge;
      failingJobs = b.failingJobs;
      timedOutJobs = b.timedOutJobs;
      slowAnswers = b.slowAnswers;
      slowAnswerDelay = b.slowAnswerDelay;
      malformedJson = b.malformedJson;
      seed = b.seed;
    }

    /** No faults. */
    public static Faults none() {
      return builder().build();
    }

    /** A builder with every probability 0 and seed 0. */
    public static Builder builder() {
      return new Builder();
    }

    @Override
    public String toString() {
      return "Faults{serverErrors=" + serverErrors + ", resetsBeforeAnswer=" + resetsBeforeAnswer + ", dropAfterCharge="
          + dropAfterCharge + ", failingJobs=" + failingJobs + ", timedOutJobs=" + timedOutJobs + ", slowAnswers="
          + slowAnswers + "/" + slowAnswerDelay + ", malformedJson=" + malformedJson + ", seed=" + seed + "}";
    }

    /** Builds {@link Faults}. Not thread-safe. */
    public static final class Builder {
      private double serverErrors;
      private double resetsBeforeAnswer;
      private double dropAfterCharge;
      private double failingJobs;
      private double timedOutJobs;
      private double slowAnswers;
      private Duration slowAnswerDelay = Duration.ZERO;
      private double malformedJson;
      private long seed;

      private Builder() {}

      /** Share of submissions and GETs answered 502 (HTML body) or 503 before anything happens. */
      public Builder serverErrors(double p) {
        serverErrors = probability("serverErrors", p);
        return this;
      }

      /** Share of submissions whose socket closes before an answer; nothing is created or charged. */
      public Builder resetsBeforeAnswer(double p) {
        resetsBeforeAnswer = probability("resetsBeforeAnswer", p);
        return this;
      }

      /**
       * Share of submissions that create and charge the job, then close the socket without an answer.
       * RunPod has no idempotency key and no documented job listing, so the client cannot learn the
       * id: resending charges twice (see {@link RunPodLedger#duplicates()}).
       */
      public Builder dropAfterCharge(double p) {
        dropAfterCharge = probability("dropAfterCharge", p);
        return this;
      }

      /** Share of jobs that end {@code FAILED} with an {@code error} after the latency (still charged). */
      public Builder failingJobs(double p) {
        failingJobs = probability("failingJobs", p);
        return this;
      }

      /** Share of jobs that end {@code TIMED_OUT} after the latency, without output (still charged). */
      public Builder timedOutJobs(double p) {
        timedOutJobs = probability("timedOutJobs", p);
        return this;
      }

      /** Share of submission answers whose headers are held back for {@code delay} (real time). */
      public Builder slowAnswers(double p, Duration delay) {
        if (delay == null || delay.isNegative()) throw new IllegalArgumentException("delay must be >= 0, was " + delay);
        slowAnswers = probability("slowAnswers", p);
        slowAnswerDelay = delay;
        return this;
      }

      /** Share of GETs answered 200 with a truncated JSON body. */
      public Builder malformedJson(double p) {
        malformedJson = probability("malformedJson", p);
        return this;
      }

      /** The seed of the random that draws every fault (default 0). */
      public Builder seed(long seed) {
        this.seed = seed;
        return this;
      }

      /** The faults configured so far. */
      public Faults build() {
        return new Faults(this);
      }

      private static double probability(String name, double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(name + " must be a probability in [0, 1], was " + p);
        return p;
      }
    }
  }
}
