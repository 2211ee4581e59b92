package dev.pictor.replicate;

import dev.pictor.InvalidRequestException;
import dev.pictor.ModelCatalog;
import dev.pictor.ModelSpec;
import dev.pictor.TokenPool;
import dev.pictor.replicate.internal.Api;
import dev.pictor.replicate.internal.Uploads;
import dev.pictor.replicate.internal.Inputs;
import dev.pictor.replicate.internal.Ledger;
import dev.pictor.replicate.internal.Models;
import dev.pictor.replicate.internal.Parser;
import dev.pictor.replicate.internal.Predictions;
import dev.pictor.replicate.internal.Reconciler;
import dev.pictor.replicate.internal.Settings;
import dev.pictor.replicate.internal.Versions;
import dev.pictor.replicate.internal.WebhookReceiver;
import dev.pictor.spi.GenerationProvider;
import dev.pictor.spi.ProviderCall;
import dev.pictor.spi.ProviderJob;
import dev.pictor.spi.ProviderRequest;
import dev.pictor.spi.RateLimits;
import dev.pictor.spi.Reconciliation;
import dev.pictor.spi.WebhookDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import okhttp3.HttpUrl;

/**
 * The Replicate provider: runs the {@linkplain ReplicateModels catalogue} (and any other Replicate
 * model by {@code owner/name}, {@code owner/name:version} or {@code deployments/owner/name}) through
 * Replicate's HTTP API, with the sync wait ({@code Prefer: wait}), {@code Cancel-After} from the
 * request's deadline, small images inline and large ones uploaded, reconciliation of ambiguous creates
 * by listing recent predictions, and signed webhooks. The core does the rest: tokens, retries,
 * polling, deadlines, downloads.
 *
 * <p>Immutable and thread-safe; one instance serves any number of jobs. It owns no threads or
 * connections ({@link #close()} does nothing); the {@code GenerationClient} it is added to owns them.
 *
 * <pre>{@code
 * try (GenerationClient client = GenerationClient.builder()
 *     .provider(ReplicateProvider.fromEnv())          // REPLICATE_API_TOKENS or REPLICATE_API_TOKEN
 *     .build()) {
 *   GenerationResult r = client.generate(GenerationRequest.create("flux-schnell")
 *       .prompt("A beautiful sunset over mountains").aspectRatio("16:9").build());
 * }
 * }</pre>
 */
public final class ReplicateProvider implements GenerationProvider {
  /** The provider id requests and the CLI use. */
  public static final String ID = Settings.PROVIDER;
  /** Replicate's API, as its documentation gives it. */
  public static final String DEFAULT_BASE_URL = "https://api.replicate.com/v1";

  private final Settings settings;
  private final TokenPool tokens;
  final Api api;
  final Models models = new Models();
  final Versions versions;
  final Uploads files;
  private final Predictions predictions;
  private final Reconciler reconciler;
  private final WebhookReceiver webhooks;

  /** Replicate's documented limits per token: 600 creates and 3,000 other requests a minute. */
  public static final RateLimits DOCUMENTED_LIMITS = RateLimits.of(600, Duration.ofMinutes(1), 3000, Duration.ofMinutes(1));

  private final RateLimits rateLimits;

  private ReplicateProvider(Builder b) {
    this.rateLimits = b.rateLimits;
    this.settings = b.settings();
    this.tokens = b.tokens;
    this.api = new Api(settings);
    this.versions = new Versions(api);
    this.files = new Uploads(api);
    Parser parser = new Parser(settings.webhookUrl() != null);
    Ledger ledger = new Ledger();
    this.predictions = new Predictions(settings, api, models, versions, new Inputs(files), parser, ledger);
    this.reconciler = new Reconciler(settings, api, models, parser, ledger, tokens);
    this.webhooks = new WebhookReceiver(settings, api, parser);
  }

  /** A builder; {@link Builder#tokens} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A provider with the tokens of {@code REPLICATE_API_TOKENS} (comma-separated) or else
   * {@code REPLICATE_API_TOKEN}, and the base URL of {@code REPLICATE_BASE_URL} when set.
   *
   * @throws InvalidRequestException naming both variables when neither is set
   */
  public static ReplicateProvider fromEnv() {
    return fromEnv(System::getenv);
  }

  static ReplicateProvider fromEnv(Function<String, String> env) {
    String many = env.apply("REPLICATE_API_TOKENS");
    String one = env.apply("REPLICATE_API_TOKEN");
    String value = many != null && !many.isBlank() ? many : one;
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException("tokens", "no Replicate token: set REPLICATE_API_TOKENS (several, separated by"
          + " commas) or REPLICATE_API_TOKEN (one)");
    }
    Builder b = builder().tokens(TokenPool.of(value.split(",")));
    String base = env.apply("REPLICATE_BASE_URL");
    if (base != null && !base.isBlank()) b.baseUrl(base.trim());
    return b.build();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ModelCatalog catalog() {
    return ReplicateModels.catalog();
  }

  /**
   * A catalogue id ({@code flux-schnell}), a catalogue model's {@code owner/name} (with
   * {@code :version} to pin one), a LoRA this provider trained, or any Replicate model as
   * {@code owner/name}, {@code owner/name:version}, a version id or {@code deployments/owner/name},
   * which gets a spec that passes its parameters through unchecked.
   */
  @Override
  public Optional<ModelSpec> resolveModel(String id) {
    return models.resolve(id);
  }

  @Override
  public TokenPool tokens() {
    return tokens;
  }

  /** Replicate's documented limits: 600 creates and 3,000 other requests per minute and token. */
  @Override
  public RateLimits rateLimits() {
    return rateLimits;
  }

  @Override
  public CompletableFuture<ProviderJob> submit(ProviderCall call, ProviderRequest request) {
    return predictions.create(call, request);
  }

  @Override
  public CompletableFuture<ProviderJob> poll(ProviderCall call, String providerJobId) {
    return predictions.get(call, providerJobId);
  }

  @Override
  public CompletableFuture<Void> cancel(ProviderCall call, String providerJobId) {
    return predictions.cancel(call, providerJobId);
  }

  @Override
  public CompletableFuture<Reconciliation> reconcile(ProviderCall call, ProviderRequest request, Instant sentAfter) {
    return reconciler.reconcile(call, request, sentAfter);
  }

  /**
   * Verifies the signature before the core leases a token, when the host gave the secrets
   * ({@link Builder#webhookSecret}); without them only the headers and the timestamp can be checked
   * first, since each account's secret is fetched with one of its tokens.
   */
  @Override
  public void precheckWebhook(WebhookDelivery delivery, Optional<String> providerJobId, Instant now) {
    webhooks.precheck(delivery, now);
  }

  @Override
  public CompletableFuture<Optional<ProviderJob>> acceptWebhook(ProviderCall call, WebhookDelivery delivery) {
    return webhooks.accept(call, delivery);
  }

  /** The API base URL this provider calls. */
  public String baseUrl() {
    return settings.baseUrl().toString();
  }

  Settings settings() {
    return settings;
  }

  @Override
  public String toString() {
    return "ReplicateProvider{" + settings.baseUrl() + ", wait=" + settings.waitSeconds() + "s, " + tokens
        + (settings.webhookUrl() == null ? "" : ", webhooks") + "}";
  }

  /**
   * Configures a {@link ReplicateProvider}. Not thread-safe; build once.
   *
   * <pre>{@code
   * ReplicateProvider replicate = ReplicateProvider.builder()
   *     .tokens(TokenPool.of("r8_first", "r8_second"))
   *     .waitSeconds(30)
   *     .webhook("https://example.com/hooks/replicate", Set.of("completed"))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private static final Set<String> EVENTS = new LinkedHashSet<>(List.of("start", "output", "logs", "completed"));

    private TokenPool tokens;
    private String baseUrl = DEFAULT_BASE_URL;
    private int waitSeconds = 60;
    private String webhookUrl;
    private List<String> webhookEvents = List.of();
    private final List<String> webhookSecrets = new ArrayList<>();
    private Duration webhookTolerance = Duration.ofMinutes(5);
    private RateLimits rateLimits = DOCUMENTED_LIMITS;

    private Builder() {}

    /** The API tokens; required. */
    public Builder tokens(TokenPool tokens) {
      this.tokens = Objects.requireNonNull(tokens, "tokens == null");
      return this;
    }

    /** The API base; default {@value ReplicateProvider#DEFAULT_BASE_URL} (a simulator's URL in tests). */
    public Builder baseUrl(String url) {
      Objects.requireNonNull(url, "url == null");
      HttpUrl parsed = HttpUrl.parse(url);
      if (parsed == null) throw new IllegalArgumentException("baseUrl '" + url + "' is not an http or https URL");
      this.baseUrl = url;
      return this;
    }

    /** How long a create holds for the result ({@code Prefer: wait=N}), 1 to 60 seconds; default 60. */
    public Builder waitSeconds(int seconds) {
      if (seconds < 1 || seconds > 60) throw new IllegalArgumentException("waitSeconds must be 1 to 60; got " + seconds);
      this.waitSeconds = seconds;
      return this;
    }

    /**
     * Asks Replicate to send webhooks to {@code url} (it must be HTTPS for the real service) for
     * {@code events}, a subset of {@code start}, {@code output}, {@code logs}, {@code completed}; empty
     * for Replicate's default (new output and completion). Polling slows to a 30 s backstop.
     */
    public Builder webhook(String url, Set<String> events) {
      Objects.requireNonNull(url, "url == null");
      HttpUrl parsed = HttpUrl.parse(url);
      if (parsed == null) throw new IllegalArgumentException("webhook URL '" + url + "' is not an http or https URL");
      for (String e : events) {
        if (!EVENTS.contains(e)) throw new IllegalArgumentException("webhook event '" + e + "' is not one of " + EVENTS);
      }
      List<String> ordered = new ArrayList<>();
      for (String e : EVENTS) if (events.contains(e)) ordered.add(e);
      this.webhookUrl = url;
      this.webhookEvents = List.copyOf(ordered);
      return this;
    }

    /**
     * A webhook signing secret ({@code whsec_...}); call once per account when tokens span several.
     * Without one, each account's secret is fetched from {@code /webhooks/default/secret} when needed.
     */
    public Builder webhookSecret(String secret) {
      Objects.requireNonNull(secret, "secret == null");
      if (!secret.trim().startsWith("whsec_")) throw new IllegalArgumentException("a webhook secret starts with whsec_");
      webhookSecrets.add(secret.trim());
      return this;
    }

    /** How far a webhook's timestamp may be from now before it is refused as a replay; default 5 minutes. */
    public Builder webhookTolerance(Duration tolerance) {
      Objects.requireNonNull(tolerance, "tolerance == null");
      if (tolerance.isNegative() || tolerance.isZero()) throw new IllegalArgumentException("webhookTolerance must be positive");
      this.webhookTolerance = tolerance;
      return this;
    }

    /**
     * The per-token limits that seed each token's rate limiter; default {@link #DOCUMENTED_LIMITS}.
     * Lower them for an account with known lower limits (low credit: 6 a minute); the core also
     * lowers a token's rate by itself after 429s.
     */
    public Builder rateLimits(RateLimits limits) {
      this.rateLimits = Objects.requireNonNull(limits, "limits == null");
      return this;
    }

    /**
     * Builds the provider.
     *
     * @throws IllegalStateException when no tokens were given
     */
    public ReplicateProvider build() {
      if (tokens == null) {
        throw new IllegalStateException("no tokens: call tokens(TokenPool.of(...)) or use ReplicateProvider.fromEnv()");
      }
      return new ReplicateProvider(this);
    }

    private Settings settings() {
      String url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
      return new Settings(HttpUrl.get(url), waitSeconds, webhookUrl, webhookEvents, webhookSecrets, webhookTolerance);
    }
  }
}
