package dev.pictor.testkit.replicate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replicate's HTTP API on loopback, so that real Replicate client code runs offline: the three
 * prediction creates with {@code Prefer: wait} and {@code Cancel-After}, read, cancel and list with
 * cursors, the Files API, models and LoRA trainings, the webhook secret and signed webhook deliveries,
 * per-token rate limits answered with Replicate's 429 body, {@code application/problem+json} errors,
 * and seeded faults (5xx, resets, creates charged but never answered, failed predictions, slow and
 * malformed answers). Outputs are deterministic PNGs on a second loopback host that stands in for
 * {@code replicate.delivery}. A {@link ReplicateLedger} records what was charged and downloaded.
 *
 * <p>Predictions and files are visible only to the token that created them. A prediction waits in
 * {@code starting} until one of its token's {@linkplain Builder#workersPerToken workers} is free, is
 * {@code processing} for the {@linkplain Builder#latency latency}, then {@code succeeded}. Models: the
 * public models of the fact sheet are known ({@link Builder#officialModels} and
 * {@link Builder#communityModels} add more); official ones run on
 * {@code POST /v1/models/{owner}/{name}/predictions}, community ones need a {@code version}
 * ({@code owner/name:<64 hex>} with any id, or the bare id of {@code latest_version}). Deployments
 * accept any name.
 *
 * <p>Thread-safe: every method may be called from any thread while clients run; MockWebServer serves
 * each connection on its own thread, so a client blocked in a sync wait does not hold up others.
 *
 * <pre>{@code
 * try (ReplicateSimulator sim = ReplicateSimulator.builder()
 *     .tokens("r8_test_a", "r8_test_b")
 *     .latency(Duration.ofMillis(5))
 *     .faults(ReplicateSimulator.Faults.builder().serverErrors(0.1).dropAfterCharge(0.05).seed(42).build())
 *     .build()
 *     .start()) {
 *   // point the Replicate provider at sim.baseUrl() ("http://127.0.0.1:PORT/v1") and run a batch
 *   assertThat(sim.ledger().duplicates()).isEmpty();
 *   assertThat(sim.ledger().downloadsWithAuthorization()).isZero();
 * }
 * }</pre>
 */
public final class ReplicateSimulator implements AutoCloseable {
  private final Builder config;
  private final ReplicateLedger ledger = new ReplicateLedger();
  private final Set<String> revoked = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private Api api;
  private Delivery delivery;
  private Jobs jobs;
  private Webhooks webhooks;
  private String baseUrl;
  private boolean started;
  private boolean closed;

  private ReplicateSimulator(Builder builder) {
    this.config = builder.copy();
  }

  /** A builder with Replicate's documented defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the API host and the delivery host on 127.0.0.1, on free ports.
   *
   * @return this simulator
   * @throws IllegalStateException if it was started or closed before
   * @throws UncheckedIOException if a port cannot be bound
   */
  public ReplicateSimulator start() {
    synchronized (lock) {
      if (started || closed) throw new IllegalStateException(closed ? "closed" : "already started");
      started = true;
      try {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        RateLimiter createLimiter;
        RateLimiter otherLimiter;
        if (config.lowCredit) { // one limiter for every request: 1 a second and 6 a minute
          createLimiter = new RateLimiter(config.clock, List.of(new RateLimiter.Limit(1, 1), new RateLimiter.Limit(6 / 60.0, 6)));
          otherLimiter = createLimiter;
        } else {
          createLimiter = new RateLimiter(config.clock, List.of(config.createLimit));
          otherLimiter = new RateLimiter(config.clock, List.of(config.otherLimit));
        }
        FaultDice dice = new FaultDice(config.faults, ledger);
        api = new Api(config.tokens, revoked, createLimiter, otherLimiter, dice, ledger, FileRoutes.bodyLimit(config.maxFileSize));
        baseUrl = "http://127.0.0.1:" + api.start(loopback) + "/v1";
        delivery = new Delivery(ledger, config.downloadBytesPerSecond);
        delivery.start(loopback);
        Catalogue catalogue = new Catalogue(config.official, config.community, config.clock.instant());
        webhooks = new Webhooks(config.webhookSecret, config.clock, ledger, baseUrl);
        jobs = new Jobs(config.clock, config.latency, config.workersPerToken, delivery, webhooks, catalogue);
        Pager pager = new Pager(config.pageSize);
        api.handlers(new Api.Handlers(
            new PredictionRoutes(baseUrl, config.clock, jobs, catalogue, ledger, dice, pager, config.minimumCancelAfter,
                config.maxWait),
            new TrainingRoutes(baseUrl, config.clock, jobs, catalogue, ledger, pager),
            new FileRoutes(baseUrl, config.clock, ledger, pager, config.maxFileSize), config.webhookSecret));
      } catch (IOException e) {
        closeQuietly();
        throw new UncheckedIOException("could not start the Replicate simulator", e);
      }
      return this;
    }
  }

  /**
   * The API base as Replicate documents it, including {@code /v1}: {@code http://127.0.0.1:PORT/v1}.
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
   * The base of the output host ({@code http://127.0.0.1:PORT}), the simulator's {@code replicate.delivery}.
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
  public ReplicateLedger ledger() {
    return ledger;
  }

  /** Makes {@code token} answer 401 from now on, as a token revoked in Replicate's dashboard does. */
  public void revoke(String token) {
    revoked.add(Objects.requireNonNull(token, "token == null"));
  }

  /** The {@code whsec_} secret that signs webhooks, as {@code GET /v1/webhooks/default/secret} returns it. */
  public String webhookSecret() {
    return config.webhookSecret;
  }

  /**
   * Signs a webhook as Replicate does (Standard Webhooks): {@code v1,} then the base64 HMAC-SHA256 of
   * {@code id + "." + timestamp + "." + body}, keyed with the base64-decoded part of {@code secret}
   * after {@code whsec_}.
   *
   * @param secret the {@code whsec_...} secret
   * @param id the {@code webhook-id} header
   * @param timestamp the {@code webhook-timestamp} header (Unix seconds)
   * @param body the raw request body
   * @return the value of the {@code webhook-signature} header
   * @throws IllegalArgumentException if {@code secret} does not start with {@code whsec_} or is not base64 after it
   */
  public static String sign(String secret, String id, long timestamp, String body) {
    return Webhooks.sign(secret, id, timestamp, body);
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
      return "ReplicateSimulator{" + (started ? baseUrl : "not started") + (closed ? ", closed" : "") + "}";
    }
  }

  /**
   * Configures a {@link ReplicateSimulator}. Defaults: any non-empty token, no latency, unlimited
   * workers, Replicate's limits (600 creates a minute, 3000 other requests a minute, each with a
   * minute's burst), no faults, a random webhook secret, the system clock, 100 results a page and
   * Replicate's 100 MB file limit. Not thread-safe; {@link #build()} copies it.
   */
  public static final class Builder {
    private Set<String> tokens;
    private Duration latency = Duration.ZERO;
    private int workersPerToken = Integer.MAX_VALUE;
    private RateLimiter.Limit createLimit = new RateLimiter.Limit(10, 600);
    private RateLimiter.Limit otherLimit = new RateLimiter.Limit(50, 3000);
    private boolean lowCredit;
    private Faults faults = Faults.none();
    private String webhookSecret = Webhooks.newSecret();
    private Clock clock = Clock.systemUTC();
    private int pageSize = 100;
    private long maxFileSize = 100L * 1024 * 1024;
    private Duration minimumCancelAfter = Duration.ofSeconds(5);
    private Duration maxWait = Duration.ofSeconds(60);
    private long downloadBytesPerSecond;
    private final List<String> official = new ArrayList<>(Catalogue.DEFAULT_OFFICIAL);
    private final List<String> community = new ArrayList<>(Catalogue.DEFAULT_COMMUNITY);

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.tokens = tokens == null ? null : Set.copyOf(tokens);
      b.latency = latency;
      b.workersPerToken = workersPerToken;
      b.createLimit = createLimit;
      b.otherLimit = otherLimit;
      b.lowCredit = lowCredit;
      b.faults = faults;
      b.webhookSecret = webhookSecret;
      b.clock = clock;
      b.pageSize = pageSize;
      b.maxFileSize = maxFileSize;
      b.minimumCancelAfter = minimumCancelAfter;
      b.maxWait = maxWait;
      b.downloadBytesPerSecond = downloadBytesPerSecond;
      b.official.clear();
      b.official.addAll(official);
      b.community.clear();
      b.community.addAll(community);
      return b;
    }

    /** The only bearer tokens accepted; any other answers 401. Default: any non-empty token. */
    public Builder tokens(String... tokens) {
      Set<String> set = new LinkedHashSet<>();
      for (String t : tokens) {
        if (t == null || t.isBlank()) throw new IllegalArgumentException("tokens must not be null or blank");
        set.add(t);
      }
      if (set.isEmpty()) throw new IllegalArgumentException("tokens must name at least one token");
      this.tokens = set;
      return this;
    }

    /** How long a prediction or training is {@code processing} once a worker takes it (default 0). */
    public Builder latency(Duration latency) {
      if (latency == null || latency.isNegative()) throw new IllegalArgumentException("latency must be >= 0, was " + latency);
      this.latency = latency;
      return this;
    }

    /** Jobs of one token processed at once; more wait in {@code starting} (default unlimited). */
    public Builder workersPerToken(int workers) {
      if (workers < 1) throw new IllegalArgumentException("workersPerToken must be >= 1, was " + workers);
      this.workersPerToken = workers;
      return this;
    }

    /** Per token, prediction creates: a token bucket refilling {@code perSecond}, holding up to {@code burst}. Over it: 429. */
    public Builder createLimit(double perSecond, int burst) {
      this.createLimit = new RateLimiter.Limit(perSecond, burst);
      return this;
    }

    /** Per token, every other API request: a token bucket like {@link #createLimit}. */
    public Builder otherLimit(double perSecond, int burst) {
      this.otherLimit = new RateLimiter.Limit(perSecond, burst);
      return this;
    }

    /**
     * Replicate's limits for accounts with granted credit and no payment method: every request of a
     * token, creates included, shares 1 per second (burst 1) and 6 per minute. Overrides the two limits above.
     */
    public Builder lowCredit(boolean lowCredit) {
      this.lowCredit = lowCredit;
      return this;
    }

    /** The faults to inject (default none). */
    public Builder faults(Faults faults) {
      this.faults = Objects.requireNonNull(faults, "faults == null");
      return this;
    }

    /** The secret that signs webhooks: {@code whsec_} then base64 (default a random one). */
    public Builder webhookSecret(String secret) {
      if (secret == null || !secret.startsWith("whsec_")) throw new IllegalArgumentException("webhookSecret must start with whsec_");
      try {
        Base64.getDecoder().decode(secret.substring("whsec_".length()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("webhookSecret must be whsec_ followed by base64", e);
      }
      this.webhookSecret = secret;
      return this;
    }

    /**
     * The clock for timestamps ({@code created_at}, {@code created_after} filters, webhook
     * timestamps) and for the rate limiters' refill, so a fixed clock never refills a bucket.
     * Latency, sync waits and {@code Cancel-After} run on real time. Default: the system clock.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** Results per page of the list endpoints (default 100, as Replicate). */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1) throw new IllegalArgumentException("pageSize must be >= 1, was " + pageSize);
      this.pageSize = pageSize;
      return this;
    }

    /**
     * Uploads of this many bytes or more answer 413 "Files must be less than 100MB in size"
     * (default 100 MiB; lower it to test the 413 without sending 100 MB).
     */
    public Builder maxFileSize(long bytes) {
      if (bytes < 1) throw new IllegalArgumentException("maxFileSize must be >= 1, was " + bytes);
      this.maxFileSize = bytes;
      return this;
    }

    /**
     * The longest a create with {@code Prefer: wait} is held before it answers with the prediction
     * still running (default 60 s, Replicate's maximum). Shorter, a prediction that outlasts it goes
     * on by polling, as on Replicate when the wait runs out.
     */
    public Builder maxWait(Duration maxWait) {
      if (maxWait == null || maxWait.isNegative()) throw new IllegalArgumentException("maxWait must be >= 0, was " + maxWait);
      this.maxWait = maxWait;
      return this;
    }

    /** Serves output files at this many bytes a second, so a download takes a while (default: at once). */
    public Builder downloadRate(long bytesPerSecond) {
      if (bytesPerSecond < 1) throw new IllegalArgumentException("downloadRate must be >= 1 byte a second, was " + bytesPerSecond);
      this.downloadBytesPerSecond = bytesPerSecond;
      return this;
    }

    /** Lowers Replicate's 5 s minimum {@code Cancel-After}, so tests of deadlines need not wait 5 s. */
    Builder minimumCancelAfter(Duration minimum) {
      this.minimumCancelAfter = minimum;
      return this;
    }

    /** Adds official models ({@code owner/name}), which run without a version. */
    public Builder officialModels(String... models) {
      official.addAll(checked(models));
      return this;
    }

    /** Adds community models ({@code owner/name}), which need a version on {@code POST /v1/predictions}. */
    public Builder communityModels(String... models) {
      community.addAll(checked(models));
      return this;
    }

    private static List<String> checked(String... models) {
      for (String m : models) {
        if (m == null || !Catalogue.OWNER_NAME.matcher(m).matches()) throw new IllegalArgumentException("not owner/name: " + m);
      }
      return List.of(models);
    }

    /** A simulator with this configuration, not yet started. */
    public ReplicateSimulator build() {
      return new ReplicateSimulator(this);
    }
  }

  /**
   * Which faults to inject and how often, each a probability drawn from one seeded random. On
   * prediction creates, in this order: {@link Builder#serverErrors serverErrors} (a 502 with an HTML
   * body or a 503, before anything is charged), {@link Builder#resetsBeforeAnswer resetsBeforeAnswer}
   * (the socket closes, nothing charged), {@link Builder#failingPredictions failingPredictions} (the
   * prediction ends {@code failed}), {@link Builder#dropAfterCharge dropAfterCharge} (the prediction is
   * created and charged, then the socket closes without an answer), {@link Builder#slowAnswers
   * slowAnswers} (the answer's headers are delayed). On every GET: {@code serverErrors} and
   * {@link Builder#malformedJson malformedJson} (a 200 with its JSON cut in half). Trainings, models
   * and files see only the GET faults. Immutable; thread-safe.
   *
   * <pre>{@code
   * Faults faults = Faults.builder().serverErrors(0.10).dropAfterCharge(0.05).seed(42).build();
   * }</pre>
   */
  public static final class Faults {
    final double serverErrors;
    final double resetsBeforeAnswer;
    final double dropAfterCharge;
    final double failingPredictions;
    final double slowAnswers;
    final Duration slowAnswerDelay;
    final double malformedJson;
    final long seed;

    private Faults(Builder b) {
      serverErrors = b.serverErrors;
      resetsBeforeAnswer = b.resetsBeforeAnswer;
      dropAfterCharge = b.dropAfterCharge;
      failingPredictions = b.failingPredictions;
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
          + dropAfterCharge + ", failingPredictions=" + failingPredictions + ", slowAnswers=" + slowAnswers + "/"
          + slowAnswerDelay + ", malformedJson=" + malformedJson + ", seed=" + seed + "}";
    }

    /** Builds {@link Faults}. Not thread-safe. */
    public static final class Builder {
      private double serverErrors;
      private double resetsBeforeAnswer;
      private double dropAfterCharge;
      private double failingPredictions;
      private double slowAnswers;
      private Duration slowAnswerDelay = Duration.ZERO;
      private double malformedJson;
      private long seed;

      private Builder() {}

      /** Share of creates and GETs answered 502 (HTML body) or 503 before anything happens. */
      public Builder serverErrors(double p) {
        serverErrors = probability("serverErrors", p);
        return this;
      }

      /** Share of creates whose socket closes before an answer; nothing is created or charged. */
      public Builder resetsBeforeAnswer(double p) {
        resetsBeforeAnswer = probability("resetsBeforeAnswer", p);
        return this;
      }

      /**
       * Share of creates that create and charge the prediction, then close the socket without an
       * answer: an ambiguous create that a correct client reconciles by listing, never resends.
       */
      public Builder dropAfterCharge(double p) {
        dropAfterCharge = probability("dropAfterCharge", p);
        return this;
      }

      /** Share of predictions that end {@code failed} with an {@code error} (still charged). */
      public Builder failingPredictions(double p) {
        failingPredictions = probability("failingPredictions", p);
        return this;
      }

      /** Share of create answers whose headers are held back for {@code delay}. */
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
