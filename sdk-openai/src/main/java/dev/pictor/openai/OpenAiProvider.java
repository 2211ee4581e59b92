package dev.pictor.openai;

import dev.pictor.InvalidRequestException;
import dev.pictor.ModelCatalog;
import dev.pictor.ModelSpec;
import dev.pictor.TokenPool;
import dev.pictor.WebhookRejectedException;
import dev.pictor.openai.internal.Catalogue;
import dev.pictor.openai.internal.Images;
import dev.pictor.openai.internal.Planner;
import dev.pictor.openai.internal.Settings;
import dev.pictor.spi.GenerationProvider;
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
import okhttp3.HttpUrl;

/**
 * The OpenAI Images provider: runs the {@linkplain OpenAiModels catalogue} through
 * {@code POST /v1/images/generations} (JSON) and {@code POST /v1/images/edits} (multipart, up to 16
 * images and a mask), always naming the model, with each model's own rules checked before anything is
 * sent.
 *
 * <p>OpenAI answers synchronously: a submit returns a finished job with its images (base64 decoded as
 * the core stores them; DALL-E URLs downloaded by the core at once), its cost from the answer's
 * {@code usage} and its {@code x-request-id} as the job id. Aspect ratios come out exactly: 1:1, 3:2
 * and 2:3 are standard sizes; gpt-image-2 makes any other ratio as an exact {@code WxH}; the other
 * models make the nearest standard size, which Pictor cuts to the ratio around its centre (the
 * image's {@code metadata()} then says {@code crop=1024x1536>1024x1280}). Every answer's {@code x-ratelimit-*} headers feed
 * the token pool; {@code retry-after-ms}, {@code retry-after} and {@code x-should-retry} are obeyed.
 *
 * <p>A submit whose answer is lost after it was sent cannot be reconciled (OpenAI keeps no job to
 * look up), so the core ends it {@code UNKNOWN} and never resends it unless the client was built with
 * {@code resendUnknown(true)}.
 *
 * <p>Immutable and thread-safe; one instance serves any number of jobs. It owns no threads or
 * connections ({@link #close()} does nothing); the {@code GenerationClient} it is added to owns them.
 *
 * <pre>{@code
 * try (GenerationClient client = GenerationClient.builder()
 *     .provider(OpenAiProvider.fromEnv())                    // OPENAI_API_KEY
 *     .build()) {
 *   GenerationResult r = client.generate(GenerationRequest.edit("gpt-image-1")
 *       .prompt("Turn this photo into a bold carousel slide")
 *       .image(ImageInput.of(Path.of("shoe.png")))
 *       .aspectRatio("4:5")
 *       .build());
 * }
 * }</pre>
 */
public final class OpenAiProvider implements GenerationProvider {
  /** The provider id requests and the CLI use. */
  public static final String ID = Settings.PROVIDER;
  /** OpenAI's API. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
  /** How long one request may take by default: as long as OpenAI's own SDKs wait. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(10);
  /**
   * The default ceiling per token: 3,000 requests a minute, above every tier's image limit; each
   * answer's {@code x-ratelimit-*} headers then rest a token with none left and slow one with few.
   */
  public static final RateLimits DEFAULT_LIMITS = RateLimits.of(3000, Duration.ofMinutes(1), 0, Duration.ofMinutes(1));

  private final Settings settings;
  private final TokenPool tokens;
  private final RateLimits rateLimits;
  private final Images images;

  private OpenAiProvider(Builder b) {
    String url = b.baseUrl.endsWith("/") ? b.baseUrl.substring(0, b.baseUrl.length() - 1) : b.baseUrl;
    this.settings = new Settings(HttpUrl.get(url), b.organization, b.project, b.requestTimeout);
    this.tokens = b.tokens;
    this.rateLimits = b.rateLimits;
    this.images = new Images(settings);
  }

  /** A builder; a key ({@link Builder#apiKey} or {@link Builder#tokens}) is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A provider with the key (or comma-separated keys) of {@code OPENAI_API_KEY}, the base URL of
   * {@code OPENAI_BASE_URL}, and the {@code OPENAI_ORG_ID} and {@code OPENAI_PROJECT_ID} headers,
   * when set.
   *
   * @throws InvalidRequestException naming the variable when it is not set
   */
  public static OpenAiProvider fromEnv() {
    return fromEnv(System::getenv);
  }

  static OpenAiProvider fromEnv(Function<String, String> env) {
    String keys = env.apply("OPENAI_API_KEY");
    if (keys == null || keys.isBlank()) {
      throw new InvalidRequestException("tokens", "no OpenAI API key: set OPENAI_API_KEY (one key, or several separated by commas)");
    }
    Builder b = builder().tokens(TokenPool.of(keys.split(",")));
    String base = env.apply("OPENAI_BASE_URL");
    if (base != null && !base.isBlank()) b.baseUrl(base.trim());
    String org = env.apply("OPENAI_ORG_ID");
    if (org != null && !org.isBlank()) b.organization(org.trim());
    String project = env.apply("OPENAI_PROJECT_ID");
    if (project != null && !project.isBlank()) b.project(project.trim());
    return b.build();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ModelCatalog catalog() {
    return OpenAiModels.catalog();
  }

  /** A catalogue id, or a dated snapshot of one ({@code gpt-image-2-2026-04-21}), sent under its own name with its model's rules. */
  @Override
  public Optional<ModelSpec> resolveModel(String id) {
    return Catalogue.resolve(id);
  }

  @Override
  public TokenPool tokens() {
    return tokens;
  }

  /** The builder's limits, or {@link #DEFAULT_LIMITS}; the rate-limit headers lower a token's pace as they report. */
  @Override
  public RateLimits rateLimits() {
    return rateLimits;
  }

  /**
   * Checks the rules that span parameters (a transparent background needs png or webp, dall-e-3
   * makes one image, a ratio gpt-image-2 cannot make, a mask on a create, and so on), as a submit
   * does before sending anything.
   *
   * @throws InvalidRequestException naming the field and what is allowed
   */
  @Override
  public void validate(ProviderRequest request) {
    Planner.plan(request);
  }

  /**
   * The cost before the call, by model, size, quality and {@code n}: DALL-E's price per image, or for
   * GPT image models the catalogue's medium 1024x1024 price scaled by quality and pixels. An edit's
   * input images add tokens this does not count; the job's actual cost comes from {@code usage}.
   */
  @Override
  public Optional<dev.pictor.Money> estimate(ProviderRequest request) {
    return dev.pictor.openai.internal.Estimate.of(Planner.plan(request));
  }

  /** Sends the request once and completes with the finished job (or the mapped error). */
  @Override
  public CompletableFuture<ProviderJob> submit(ProviderCall call, ProviderRequest request) {
    return images.submit(call, request);
  }

  /**
   * The job as its submit answered it, while this provider still holds it (the last 4 answers);
   * otherwise {@code EXPIRED}, saying that OpenAI keeps no job to read again. No request is sent.
   */
  @Override
  public CompletableFuture<ProviderJob> poll(ProviderCall call, String providerJobId) {
    return images.poll(providerJobId);
  }

  /**
   * Always {@link Reconciliation#unsupported()}: OpenAI has no job to look up, so an ambiguous submit
   * stays {@code UNKNOWN} unless the client was built with {@code resendUnknown(true)}.
   */
  @Override
  public CompletableFuture<Reconciliation> reconcile(ProviderCall call, ProviderRequest request, Instant sentAfter) {
    return CompletableFuture.completedFuture(Reconciliation.unsupported());
  }

  /** The API base URL this provider calls. */
  public String baseUrl() {
    return settings.baseUrl().toString();
  }

  /** OpenAI Images sends no webhooks: every delivery is refused before any key is leased, whatever it carries. */
  @Override
  public void precheckWebhook(WebhookDelivery delivery, Optional<String> providerJobId, Instant now) {
    throw noWebhooks();
  }

  /** OpenAI Images sends no webhooks: every delivery is refused, whatever it carries. */
  @Override
  public CompletableFuture<Optional<ProviderJob>> acceptWebhook(ProviderCall call, WebhookDelivery delivery) {
    return CompletableFuture.failedFuture(noWebhooks());
  }

  private static WebhookRejectedException noWebhooks() {
    return new WebhookRejectedException(WebhookRejectedException.Reason.NOT_SUPPORTED,
        ID + ": OpenAI Images sends no webhooks; every delivery for it is refused");
  }

  @Override
  public String toString() {
    return "OpenAiProvider{" + settings.baseUrl() + ", timeout " + settings.requestTimeout() + ", " + tokens
        + (settings.organization() == null ? "" : ", organization set") + (settings.project() == null ? "" : ", project set") + "}";
  }

  /**
   * Configures an {@link OpenAiProvider}. Not thread-safe; build once.
   *
   * <pre>{@code
   * OpenAiProvider openai = OpenAiProvider.builder()
   *     .tokens(TokenPool.of(System.getenv("OPENAI_KEY_A"), System.getenv("OPENAI_KEY_B")))
   *     .project("proj_carousels")
   *     .requestTimeout(Duration.ofMinutes(6))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private TokenPool tokens;
    private String baseUrl = DEFAULT_BASE_URL;
    private String organization;
    private String project;
    private RateLimits rateLimits = DEFAULT_LIMITS;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

    private Builder() {}

    /** The API keys; this or {@link #apiKey} is required. */
    public Builder tokens(TokenPool tokens) {
      this.tokens = Objects.requireNonNull(tokens, "tokens == null");
      return this;
    }

    /** One API key; shorthand for {@code tokens(TokenPool.of(key))}. */
    public Builder apiKey(String key) {
      return tokens(TokenPool.of(Objects.requireNonNull(key, "key == null")));
    }

    /** The API base; default {@value OpenAiProvider#DEFAULT_BASE_URL} (a simulator's URL in tests). */
    public Builder baseUrl(String url) {
      Objects.requireNonNull(url, "url == null");
      if (HttpUrl.parse(url) == null) throw new IllegalArgumentException("baseUrl '" + url + "' is not an http or https URL");
      this.baseUrl = url;
      return this;
    }

    /** Sends {@code OpenAI-Organization} with every request. */
    public Builder organization(String organizationId) {
      this.organization = requireHeaderValue(organizationId, "organization");
      return this;
    }

    /** Sends {@code OpenAI-Project} with every request. */
    public Builder project(String projectId) {
      this.project = requireHeaderValue(projectId, "project");
      return this;
    }

    /** The per-token limits that seed each token's rate limiter; default {@link #DEFAULT_LIMITS}. */
    public Builder rateLimits(RateLimits limits) {
      this.rateLimits = Objects.requireNonNull(limits, "limits == null");
      return this;
    }

    /**
     * How long one request may take, sending the inputs, making the images and reading the answer;
     * default 10 minutes, at least 1 second. A request's nearer deadline shortens it; a request that
     * times out after it was sent ends {@code UNKNOWN}.
     */
    public Builder requestTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout == null");
      if (timeout.compareTo(Duration.ofSeconds(1)) < 0) throw new IllegalArgumentException("requestTimeout must be at least 1 s; got " + timeout);
      this.requestTimeout = timeout;
      return this;
    }

    /**
     * Builds the provider.
     *
     * @throws IllegalStateException when no key was given
     */
    public OpenAiProvider build() {
      if (tokens == null) {
        throw new IllegalStateException("no API key: call apiKey(...) or tokens(TokenPool.of(...)), or use OpenAiProvider.fromEnv()");
      }
      return new OpenAiProvider(this);
    }

    private static String requireHeaderValue(String value, String what) {
      Objects.requireNonNull(value, what + " == null");
      if (value.isBlank() || value.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
        throw new IllegalArgumentException(what + " must be a non-blank id of printable ASCII");
      }
      return value.trim();
    }
  }
}
