package dev.pictor.spi;

import dev.pictor.ModelCatalog;
import dev.pictor.ModelSpec;
import dev.pictor.TokenPool;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An image provider: its catalogue, its token pool and limits, and four asynchronous operations. The
 * core does everything around them (validation, the job store, token leases, retries, polling,
 * deadlines, downloads), so a provider only speaks its HTTP contract. Implementations must be
 * thread-safe and must not block the calling thread on network I/O.
 *
 * <p>Failures complete the future with the core's exceptions ({@link ProviderHttp#error} maps
 * statuses); a network failure is a {@code ProviderException} with status 0 whose
 * {@code reachedProvider()} says whether the request body was sent ({@link ProviderHttp#send} does
 * this). Cancelling a returned future must cancel its HTTP call.
 */
public interface GenerationProvider extends AutoCloseable {
  /** A stable lowercase id: {@code replicate}, {@code runpod}, {@code openai}, {@code sandbox}. */
  String id();

  /** The models this provider offers. */
  ModelCatalog catalog();

  /**
   * The spec for a model id a request names. The default looks the id up in {@link #catalog()};
   * providers also resolve their own names ({@code owner/name}) and models outside the catalogue
   * (a spec with {@link ModelSpec#acceptsUnknownParameters()}). Empty means unknown: the core then
   * fails with the closest catalogue ids.
   */
  default Optional<ModelSpec> resolveModel(String id) {
    return catalog().find(id);
  }

  /**
   * Checks a webhook delivery as far as it can be checked without a token, before the core leases one
   * for {@link #acceptWebhook}: a signature with a secret the provider holds, a per-job token in the
   * URL, whether the provider takes webhooks at all. A delivery refused here costs the token pool
   * nothing (no rate permit, no error counted against a token), so forged traffic cannot slow real
   * calls. Must not call the network or block.
   *
   * <p>{@code providerJobId} is the provider job id of the job {@link #webhookJobHint} names, when
   * this client stores that job and knows its provider job id; a delivery arriving at that job's URL
   * but about another provider job must then be refused. Empty otherwise (no hint, an unknown job, or
   * a job whose submit answer was lost).
   *
   * <p>{@link #acceptWebhook} must still verify everything itself: it may be called without this
   * check. The default checks nothing.
   *
   * @param delivery the delivery as the host received it
   * @param providerJobId the provider job id of the job the delivery's URL names, when known
   * @param now the core's clock, for timestamp tolerances
   * @throws dev.pictor.WebhookRejectedException with the {@linkplain dev.pictor.WebhookRejectedException#reason()
   *     reason} when the delivery is refused
   */
  default void precheckWebhook(WebhookDelivery delivery, Optional<String> providerJobId, Instant now) {}

  /**
   * Verifies and reads a webhook delivery the host received; completes with the job update it
   * carries, or empty when it concerns nothing this provider tracks. Completes exceptionally with
   * {@link dev.pictor.WebhookRejectedException} when the delivery is not authentic. The default
   * refuses every delivery as {@link dev.pictor.WebhookRejectedException.Reason#NOT_SUPPORTED}: the
   * provider does not support webhooks.
   */
  default CompletableFuture<Optional<ProviderJob>> acceptWebhook(ProviderCall call, WebhookDelivery delivery) {
    return CompletableFuture.failedFuture(new dev.pictor.WebhookRejectedException(
        dev.pictor.WebhookRejectedException.Reason.NOT_SUPPORTED, id() + " does not support webhooks"));
  }

  /**
   * The Pictor job id a delivery claims to be for, read without verifying anything (a per-job webhook
   * URL names it). The core then verifies the delivery with that job's token: a provider that shows a
   * job only to its creator's account must confirm it with the same account. Empty by default.
   */
  default Optional<String> webhookJobHint(WebhookDelivery delivery) {
    return Optional.empty();
  }

  /** The provider's tokens; {@link TokenPool#none()} when it needs none. */
  default TokenPool tokens() {
    return TokenPool.none();
  }

  /** Per-token limits that seed each token's rate limiter. */
  default RateLimits rateLimits() {
    return RateLimits.unlimited();
  }

  /**
   * Checks what the catalogue's per-parameter specs cannot: rules that span parameters (a
   * transparent background needs PNG or WEBP; one model makes one image per call). Called after the
   * core's own checks and before the job is stored or anything is sent, and by
   * {@code GenerationClient.validate}. Throws {@link dev.pictor.InvalidRequestException} naming the
   * field and what is allowed; the default accepts everything.
   */
  default void validate(ProviderRequest request) {}

  /**
   * What a validated request should cost, when the provider can tell better than its catalogue's
   * one price per image (by size, quality, number of images). Empty, the default, means the
   * catalogue's price times the number of images. Must not call the network.
   */
  default Optional<dev.pictor.Money> estimate(ProviderRequest request) {
    return Optional.empty();
  }

  /** Sends a create. Where the provider can wait synchronously for the result, it should. */
  CompletableFuture<ProviderJob> submit(ProviderCall call, ProviderRequest request);

  /** Reads a job's current state. */
  CompletableFuture<ProviderJob> poll(ProviderCall call, String providerJobId);

  /** Cancels a job at the provider; completing normally when it was already finished. */
  default CompletableFuture<Void> cancel(ProviderCall call, String providerJobId) {
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Finds out whether an ambiguous submit reached the provider, by looking for a job created at or
   * after {@code sentAfter} that matches the request.
   */
  default CompletableFuture<Reconciliation> reconcile(ProviderCall call, ProviderRequest request, Instant sentAfter) {
    return CompletableFuture.completedFuture(Reconciliation.unsupported());
  }

  /** Releases the provider's own resources. The core's HTTP client is not the provider's to close. */
  @Override
  default void close() {}
}
