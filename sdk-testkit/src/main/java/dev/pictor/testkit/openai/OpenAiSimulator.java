package dev.pictor.testkit.openai;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * OpenAI's Images API on loopback, so that real OpenAI client code runs offline:
 * {@code POST /v1/images/generations} (JSON) and {@code POST /v1/images/edits} (multipart, up to 16
 * images and a mask) for gpt-image-1, gpt-image-1-mini, gpt-image-1.5, gpt-image-2 (and its dated
 * snapshots), dall-e-3 and dall-e-2, each checked against its own rules (a 400 with OpenAI's error
 * object, {@code param} and {@code code}); real PNG or JPEG images of exactly the size ordered, as
 * {@code b64_json} or as DALL-E URLs on this host; realistic {@code usage}; a request budget per key
 * with the {@code x-ratelimit-*-requests} headers on every answer and 429s with
 * {@code retry-after-ms} and {@code retry-after}; a latency; seeded faults; and an
 * {@link OpenAiLedger} of what was charged.
 *
 * <p>Two things differ from OpenAI on purpose: {@code model} is required (its default changed over
 * time, so clients must send it), and the simulator neither streams nor makes WEBP ({@code stream}
 * and {@code output_format=webp} are refused with code {@code unsupported_in_simulator}).
 *
 * <p>Thread-safe: every method may be called from any thread while clients run.
 *
 * <pre>{@code
 * try (OpenAiSimulator sim = OpenAiSimulator.builder()
 *     .apiKeys("sk-test-a", "sk-test-b")
 *     .latency(Duration.ofMillis(5))
 *     .faults(OpenAiSimulator.Faults.builder().serverErrors(0.1).dropAfterCharge(0.05).seed(42).build())
 *     .build()
 *     .start()) {
 *   // point the OpenAI provider at sim.baseUrl() ("http://127.0.0.1:PORT/v1") and run a batch
 *   assertThat(sim.ledger().duplicates()).isEmpty();
 * }
 * }</pre>
 */
public final class OpenAiSimulator implements AutoCloseable {
  private final Builder config;
  private final OpenAiLedger ledger = new OpenAiLedger();
  private final Object lock = new Object();
  private Api api;
  private String baseUrl;
  private boolean started;
  private boolean closed;

  private OpenAiSimulator(Builder builder) {
    this.config = builder.copy();
  }

  /** A builder: any key, no latency, 10,000 requests a minute per key, no faults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the API host on 127.0.0.1, on a free port.
   *
   * @return this simulator
   * @throws IllegalStateException if it was started or closed before
   * @throws UncheckedIOException if a port cannot be bound
   */
  public OpenAiSimulator start() {
    synchronized (lock) {
      if (started || closed) throw new IllegalStateException(closed ? "closed" : "already started");
      started = true;
      try {
        api = new Api(config.keys, new Limiter(config.clock, config.requestsPerMinute), ledger);
        int port = api.start(InetAddress.getByName("127.0.0.1"));
        String host = "http://127.0.0.1:" + port;
        baseUrl = host + "/v1";
        api.images(new Images(host, config.faults, new Pictures(config.noisyImages), ledger, config.latency.toMillis(), config.clock));
      } catch (IOException e) {
        if (api != null) api.close();
        throw new UncheckedIOException("could not start the OpenAI simulator", e);
      }
      return this;
    }
  }

  /**
   * The API base as OpenAI's SDKs take it: {@code http://127.0.0.1:PORT/v1}.
   *
   * @throws IllegalStateException before {@link #start()}
   */
  public String baseUrl() {
    synchronized (lock) {
      if (!started) throw new IllegalStateException("start() the simulator first");
      return baseUrl;
    }
  }

  /** What the simulator saw and charged so far. */
  public OpenAiLedger ledger() {
    return ledger;
  }

  /** Stops the host; requests in flight are cut. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) return;
      closed = true;
      if (api != null) api.close();
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "OpenAiSimulator{" + (started ? baseUrl : "not started") + (closed ? ", closed" : "") + "}";
    }
  }

  /** Configures an {@link OpenAiSimulator}. Not thread-safe; {@link #build()} copies it. */
  public static final class Builder {
    private Set<String> keys;
    private Duration latency = Duration.ZERO;
    private long requestsPerMinute = 10_000;
    private boolean noisyImages;
    private Faults faults = Faults.none();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.keys = keys == null ? null : Set.copyOf(keys);
      b.latency = latency;
      b.requestsPerMinute = requestsPerMinute;
      b.noisyImages = noisyImages;
      b.faults = faults;
      b.clock = clock;
      return b;
    }

    /** The only API keys accepted, as {@code Authorization: Bearer <key>}; others get a 401. Default: any non-empty key. */
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

    /** How long making the images takes, once a request is charged (real time; default 0). */
    public Builder latency(Duration latency) {
      if (latency == null || latency.isNegative()) throw new IllegalArgumentException("latency must be >= 0, was " + latency);
      this.latency = latency;
      return this;
    }

    /**
     * Each key's request budget: a bucket of {@code requestsPerMinute} that refills continuously;
     * over it, 429. Default 10,000.
     */
    public Builder rateLimit(long requestsPerMinute) {
      if (requestsPerMinute < 1) throw new IllegalArgumentException("requestsPerMinute must be >= 1, was " + requestsPerMinute);
      this.requestsPerMinute = requestsPerMinute;
      return this;
    }

    /**
     * Answers with images of seeded noise, as large as real ones (about 3 MB as a 1024x1024 PNG),
     * instead of a flat colour with an oval (a few kilobytes). For benchmarks. Default false.
     */
    public Builder noisyImages(boolean noisy) {
      this.noisyImages = noisy;
      return this;
    }

    /** The faults to inject (default none). */
    public Builder faults(Faults faults) {
      this.faults = Objects.requireNonNull(faults, "faults == null");
      return this;
    }

    /** The clock of the request budget and of {@code created}. Default: the system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** A simulator with this configuration, not yet started. */
    public OpenAiSimulator build() {
      return new OpenAiSimulator(this);
    }
  }

  /**
   * Which faults to inject and how often, each a probability drawn from one seeded random, on valid
   * image requests within their budget, in this order. Before the charge: {@link Builder#serverErrors
   * serverErrors} (a 502 with an HTML body or a 503 with {@code x-should-retry: true}),
   * {@link Builder#resetsBeforeAnswer resetsBeforeAnswer} (the socket closes),
   * {@link Builder#moderationBlocks moderationBlocks} (a 400 with code {@code moderation_blocked}).
   * After the charge and the latency: {@link Builder#dropAfterCharge dropAfterCharge} (the socket
   * closes without an answer), {@link Builder#internalErrors internalErrors} (a 500 with
   * {@code x-should-retry: true}), {@link Builder#malformedJson malformedJson} (a 200 cut in half),
   * {@link Builder#slowAnswers slowAnswers} (the headers held back). Immutable; thread-safe.
   *
   * <pre>{@code
   * Faults faults = Faults.builder().serverErrors(0.1).dropAfterCharge(0.05).moderationBlocks(0.05).seed(42).build();
   * }</pre>
   */
  public static final class Faults {
    final double serverErrors;
    final double resetsBeforeAnswer;
    final double moderationBlocks;
    final double dropAfterCharge;
    final double internalErrors;
    final double malformedJson;
    final double slowAnswers;
    final Duration slowAnswerDelay;
    final long seed;

    private Faults(Builder b) {
      serverErrors = b.serverErrors;
      resetsBeforeAnswer = b.resetsBeforeAnswer;
      moderationBlocks = b.moderationBlocks;
      dropAfterCharge = b.dropAfterCharge;
      internalErrors = b.internalErrors;
      malformedJson = b.malformedJson;
      slowAnswers = b.slowAnswers;
      slowAnswerDelay = b.slowAnswerDelay;
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
      return "Faults{serverErrors=" + serverErrors + ", resetsBeforeAnswer=" + resetsBeforeAnswer + ", moderationBlocks="
          + moderationBlocks + ", dropAfterCharge=" + dropAfterCharge + ", internalErrors=" + internalErrors + ", malformedJson="
          + malformedJson + ", slowAnswers=" + slowAnswers + "/" + slowAnswerDelay + ", seed=" + seed + "}";
    }

    /** Builds {@link Faults}. Not thread-safe. */
    public static final class Builder {
      private double serverErrors;
      private double resetsBeforeAnswer;
      private double moderationBlocks;
      private double dropAfterCharge;
      private double internalErrors;
      private double malformedJson;
      private double slowAnswers;
      private Duration slowAnswerDelay = Duration.ZERO;
      private long seed;

      private Builder() {}

      /** Share answered 502 (HTML) or 503 (JSON, {@code x-should-retry: true}) before anything is charged. */
      public Builder serverErrors(double p) {
        serverErrors = probability("serverErrors", p);
        return this;
      }

      /** Share whose socket closes before an answer, after the request was read; nothing is charged. */
      public Builder resetsBeforeAnswer(double p) {
        resetsBeforeAnswer = probability("resetsBeforeAnswer", p);
        return this;
      }

      /** Share refused by the safety system: a 400 with code {@code moderation_blocked}; nothing is charged. */
      public Builder moderationBlocks(double p) {
        moderationBlocks = probability("moderationBlocks", p);
        return this;
      }

      /**
       * Share charged and then cut without an answer. OpenAI has no idempotency key and no job to
       * look up, so a client that resends such a request is charged twice (see
       * {@link OpenAiLedger#duplicates()}).
       */
      public Builder dropAfterCharge(double p) {
        dropAfterCharge = probability("dropAfterCharge", p);
        return this;
      }

      /** Share charged and then answered 500 with {@code x-should-retry: true}. */
      public Builder internalErrors(double p) {
        internalErrors = probability("internalErrors", p);
        return this;
      }

      /** Share charged and then answered 200 with the JSON cut in half. */
      public Builder malformedJson(double p) {
        malformedJson = probability("malformedJson", p);
        return this;
      }

      /** Share of answers whose headers are held back for {@code delay} (real time). */
      public Builder slowAnswers(double p, Duration delay) {
        if (delay == null || delay.isNegative()) throw new IllegalArgumentException("delay must be >= 0, was " + delay);
        slowAnswers = probability("slowAnswers", p);
        slowAnswerDelay = delay;
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
