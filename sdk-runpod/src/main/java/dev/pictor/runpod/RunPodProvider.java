package dev.pictor.runpod;

import dev.pictor.ModelCatalog;
import dev.pictor.ModelSpec;
import dev.pictor.TokenPool;
import dev.pictor.runpod.internal.Api;
import dev.pictor.runpod.internal.Config;
import dev.pictor.runpod.internal.Endpoints;
import dev.pictor.runpod.internal.Inputs;
import dev.pictor.runpod.internal.Jobs;
import dev.pictor.runpod.internal.Models;
import dev.pictor.runpod.internal.Parser;
import dev.pictor.runpod.internal.Settings;
import dev.pictor.runpod.internal.WebhookReceiver;
import dev.pictor.runpod.internal.WebhookTokens;
import dev.pictor.spi.GenerationProvider;
import dev.pictor.spi.InputUploader;
import dev.pictor.spi.ProviderCall;
import dev.pictor.spi.ProviderJob;
import dev.pictor.spi.ProviderRequest;
import dev.pictor.spi.RateLimits;
import dev.pictor.spi.Reconciliation;
import dev.pictor.spi.WebhookDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The RunPod serverless provider: runs the {@linkplain RunPodModels catalogue} (and any endpoint by
 * its id) with {@code /runsync?wait=} by default, leaving an unfinished job to the core's polls of
 * {@code /status}, or with {@code /run} when asked to submit asynchronously. A request's deadline
 * becomes the job's {@code policy.executionTimeout} and {@code policy.ttl}; a job RunPod no longer
 * has ({@code /status} 404) ends expired, saying why. Local input images go through the host's
 * {@link InputUploader} (or inline, where the host said its endpoint takes base64). Webhooks are
 * authenticated by a per-job token in their URL and confirmed with {@code /status}.
 *
 * <p>Provider job ids are {@code endpointId/jobId}, since RunPod's paths need both. An ambiguous
 * submit cannot be reconciled (see {@link #reconcile}). Endpoint operations outside jobs (health,
 * retry, purge-queue) are in {@link RunPodEndpoints}.
 *
 * <p>Immutable and thread-safe; one instance serves any number of jobs. It owns no threads or
 * connections ({@link #close()} does nothing); the {@code GenerationClient} it is added to owns them.
 *
 * <pre>{@code
 * try (GenerationClient client = GenerationClient.builder()
 *     .provider(RunPodProvider.fromEnv())              // RUNPOD_API_KEY
 *     .build()) {
 *   GenerationResult r = client.generate(GenerationRequest.edit("flux-kontext-dev")
 *       .prompt("Place the product on a pure white studio background")
 *       .image(ImageInput.ofUrl("https://cdn.example.com/shoe.jpg")).build());
 * }
 * }</pre>
 */
public final class RunPodProvider implements GenerationProvider {
  /** The provider id requests and the CLI use. */
  public static final String ID = Settings.PROVIDER;
  /** RunPod's serverless API. */
  public static final String DEFAULT_BASE_URL = "https://api.runpod.ai/v2";
  /** How long {@code /runsync} holds by default: RunPod's own default. */
  public static final Duration DEFAULT_SYNC_WAIT = Duration.ofSeconds(90);
  /** The longest {@code ?wait=} RunPod accepts. */
  public static final Duration MAX_SYNC_WAIT = Config.MAX_SYNC_WAIT;
  /** RunPod's documented limits per key and endpoint with {@code /runsync}: 2,000 submits and 2,000 reads per 10 s. */
  public static final RateLimits SYNC_LIMITS = RateLimits.of(2000, Duration.ofSeconds(10), 2000, Duration.ofSeconds(10));
  /** With {@code /run}: 1,000 submits and 2,000 reads ({@code /status}) per 10 s. */
  public static final RateLimits ASYNC_LIMITS = RateLimits.of(1000, Duration.ofSeconds(10), 2000, Duration.ofSeconds(10));

  private final Settings settings;
  private final TokenPool tokens;
  private final RateLimits rateLimits;
  final Models models;
  final Endpoints endpoints;
  private final Jobs jobs;
  private final WebhookReceiver webhooks;

  private RunPodProvider(Config c) {
    this.settings = c.settings();
    this.tokens = c.tokens;
    this.rateLimits = c.rateLimits != null ? c.rateLimits : c.asyncSubmit ? ASYNC_LIMITS : SYNC_LIMITS;
    this.models = new Models(c.endpoints, c.inline);
    Api api = new Api(settings);
    this.jobs = new Jobs(settings, api, models, new Inputs(settings.uploader()), new Parser(settings.webhookUrl() != null));
    this.endpoints = new Endpoints(settings, api);
    this.webhooks = new WebhookReceiver(settings, jobs);
  }

  /** A builder; a key ({@link Builder#apiKey} or {@link Builder#tokens}) is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A provider with the key (or comma-separated keys) of {@code RUNPOD_API_KEY}, and the base URL of
   * {@code RUNPOD_BASE_URL} (else {@code RUNPOD_ENDPOINT_BASE_URL}) when set.
   *
   * @throws dev.pictor.InvalidRequestException naming the variable when it is not set
   */
  public static RunPodProvider fromEnv() {
    return fromEnv(System::getenv);
  }

  static RunPodProvider fromEnv(Function<String, String> env) {
    return new RunPodProvider(Config.fromEnv(env, DEFAULT_BASE_URL, DEFAULT_SYNC_WAIT));
  }

  @Override
  public String id() {
    return ID;
  }

  /** The catalogue, with this provider's endpoint overrides and added models. */
  @Override
  public ModelCatalog catalog() {
    return models.catalog();
  }

  /**
   * A model id; an endpoint id a catalogue model runs on (that model's typed spec); or any other
   * endpoint id, which gets a spec that passes parameters through unchecked ({@code prompt} and
   * {@code image} are filled in from the request). An id one or two letters from a model id is taken
   * for a typo and left unknown.
   */
  @Override
  public Optional<ModelSpec> resolveModel(String id) {
    return models.resolve(id);
  }

  @Override
  public TokenPool tokens() {
    return tokens;
  }

  /** The builder's limits, or {@link #SYNC_LIMITS} ({@link #ASYNC_LIMITS} with {@code /run}); 429s lower them adaptively. */
  @Override
  public RateLimits rateLimits() {
    return rateLimits;
  }

  @Override
  public CompletableFuture<ProviderJob> submit(ProviderCall call, ProviderRequest request) {
    return jobs.create(call, request);
  }

  @Override
  public CompletableFuture<ProviderJob> poll(ProviderCall call, String providerJobId) {
    return jobs.get(call, providerJobId);
  }

  @Override
  public CompletableFuture<Void> cancel(ProviderCall call, String providerJobId) {
    return jobs.cancel(call, providerJobId);
  }

  /**
   * Always {@link Reconciliation#unsupported()}: RunPod's {@code GET /requests} documents neither its
   * fields nor the jobs' inputs, so a job cannot be matched to its request; such a job stays
   * {@code UNKNOWN} unless the client was built with {@code resendUnknown(true)}.
   */
  @Override
  public CompletableFuture<Reconciliation> reconcile(ProviderCall call, ProviderRequest request, Instant sentAfter) {
    return CompletableFuture.completedFuture(Reconciliation.unsupported());
  }

  /** Accepts a delivery only when its URL carries the job's token; the state is then read from {@code /status}. */
  @Override
  public Optional<String> webhookJobHint(WebhookDelivery delivery) {
    return delivery.uri().map(u -> WebhookReceiver.query(u.getRawQuery()).get(WebhookTokens.JOB));
  }

  /**
   * Checks the URL's per-job token and the body's job id before the core leases a key, and, when the
   * job the URL names has a RunPod job id already, that the body names that job: a delivery to one
   * job's URL never reads (nor moves) another job.
   */
  @Override
  public void precheckWebhook(WebhookDelivery delivery, Optional<String> providerJobId, Instant now) {
    webhooks.precheck(delivery, providerJobId);
  }

  @Override
  public CompletableFuture<Optional<ProviderJob>> acceptWebhook(ProviderCall call, WebhookDelivery delivery) {
    return webhooks.accept(call, delivery);
  }

  /** The API base URL this provider calls. */
  public String baseUrl() {
    return settings.baseUrl().toString();
  }

  /** The endpoint a model id or endpoint id names, as this provider resolves it. */
  public Optional<String> endpointFor(String modelOrEndpointId) {
    return models.endpointFor(modelOrEndpointId);
  }

  @Override
  public String toString() {
    return "RunPodProvider{" + settings.baseUrl() + (settings.asyncSubmit() ? ", /run" : ", /runsync wait="
        + settings.syncWait().toSeconds() + "s") + ", " + tokens + (settings.webhookUrl() == null ? "" : ", webhooks") + "}";
  }

  /**
   * Configures a {@link RunPodProvider}. Not thread-safe; build once.
   *
   * <pre>{@code
   * RunPodProvider runpod = RunPodProvider.builder()
   *     .apiKey(System.getenv("RUNPOD_API_KEY"))
   *     .inputUploader((image, jobId) -> myCdn.put(jobId, image))     // completes with a URL
   *     .webhook("https://shop.example.com/hooks/runpod")
   *     .webhookSecret(System.getenv("PICTOR_WEBHOOK_SECRET"))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    /** The largest image sent inline: its base64 must fit {@code /run}'s 10 MB body. */
    public static final long MAX_INLINE_BYTES = Config.MAX_INLINE_BYTES;

    private final Config config = new Config(DEFAULT_BASE_URL, DEFAULT_SYNC_WAIT);

    private Builder() {}

    /** The API keys; this or {@link #apiKey} is required. */
    public Builder tokens(TokenPool tokens) {
      config.tokens = Objects.requireNonNull(tokens, "tokens == null");
      return this;
    }

    /** One API key; shorthand for {@code tokens(TokenPool.of(key))}. */
    public Builder apiKey(String key) {
      return tokens(TokenPool.of(Objects.requireNonNull(key, "key == null")));
    }

    /** The API base; default {@value RunPodProvider#DEFAULT_BASE_URL} (a simulator's URL in tests). */
    public Builder baseUrl(String url) {
      config.baseUrl(url);
      return this;
    }

    /** How long {@code /runsync} holds for the result, 1 s to 300 s; default 90 s. A nearer deadline shortens it. */
    public Builder syncWait(Duration wait) {
      config.syncWait(wait);
      return this;
    }

    /** Submits with {@code /run} (queued; the core polls {@code /status}) instead of {@code /runsync}. Default false. */
    public Builder asyncSubmit(boolean async) {
      config.asyncSubmit = async;
      return this;
    }

    /**
     * Runs {@code modelId} on endpoint {@code endpointId}: a catalogue model moves to the host's own
     * deployment (keeping its typed parameters; the product preset follows {@code flux-kontext-dev}),
     * any other id becomes a model whose parameters pass through unchecked.
     */
    public Builder endpoint(String modelId, String endpointId) {
      config.endpoint(modelId, endpointId);
      return this;
    }

    /**
     * Says that a model's (or endpoint's) worker accepts an input image inline, as a
     * {@code data:<type>;base64,...} URI in its {@code image} field: local images up to
     * {@code maxBytes} (at most {@link #MAX_INLINE_BYTES}) then go inline instead of through the
     * uploader. RunPod's public endpoints take URLs only.
     */
    public Builder inlineImages(String modelOrEndpointId, long maxBytes) {
      config.inline(modelOrEndpointId, maxBytes);
      return this;
    }

    /** The host's storage or CDN, which turns a local input image into a URL RunPod's worker can fetch. */
    public Builder inputUploader(InputUploader uploader) {
      config.uploader = Objects.requireNonNull(uploader, "uploader == null");
      return this;
    }

    /**
     * Asks RunPod to POST each job's end to {@code baseUrl} plus a per-job token; feed deliveries, with
     * their URL, to {@code client.webhooks().handle("runpod", WebhookDelivery.of(uri, headers, body))}.
     */
    public Builder webhook(String baseUrl) {
      config.webhook(baseUrl);
      return this;
    }

    /**
     * The secret the per-job webhook tokens derive from, at least 32 characters; give every instance
     * (and every restart) the same one so that each accepts the others' deliveries. Default: random
     * per provider instance.
     */
    public Builder webhookSecret(String secret) {
      config.webhookSecret(secret);
      return this;
    }

    /**
     * The per-token limits that seed each token's rate limiter; default {@link #SYNC_LIMITS}, or
     * {@link #ASYNC_LIMITS} with {@link #asyncSubmit}. The core also lowers a token's rate after 429s.
     */
    public Builder rateLimits(RateLimits limits) {
      config.rateLimits = Objects.requireNonNull(limits, "limits == null");
      return this;
    }

    /** Builds the provider; throws {@link IllegalStateException} when no key was given. */
    public RunPodProvider build() {
      return new RunPodProvider(config);
    }
  }
}
