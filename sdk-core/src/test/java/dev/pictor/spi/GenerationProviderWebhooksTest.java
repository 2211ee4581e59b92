package dev.pictor.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationClient;
import dev.pictor.ModelCatalog;
import dev.pictor.TokenPool;
import dev.pictor.WebhookRejectedException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A provider that says nothing about webhooks takes none: its default {@code acceptWebhook} refuses
 * every delivery as {@code NOT_SUPPORTED}, and a refused delivery counts against no token.
 */
class GenerationProviderWebhooksTest {
  private static final WebhookDelivery DELIVERY = WebhookDelivery.of(null,
      Map.of("webhook-id", List.of("msg_1")), "{\"id\":\"p1\",\"status\":\"succeeded\"}".getBytes(StandardCharsets.UTF_8));

  /** Only what a provider must implement. */
  private static final class Plain implements GenerationProvider {
    private final TokenPool tokens;

    Plain(TokenPool tokens) {
      this.tokens = tokens;
    }

    @Override public String id() { return "plain"; }
    @Override public ModelCatalog catalog() { return ModelCatalog.of("plain", List.of()); }
    @Override public TokenPool tokens() { return tokens; }
    @Override public CompletableFuture<ProviderJob> submit(ProviderCall call, ProviderRequest request) {
      throw new AssertionError("no submit expected");
    }
    @Override public CompletableFuture<ProviderJob> poll(ProviderCall call, String providerJobId) {
      throw new AssertionError("no poll expected");
    }
  }

  @Test
  void theDefaultRefusesEveryDeliveryAsNotSupported() {
    Plain p = new Plain(TokenPool.none());
    p.precheckWebhook(DELIVERY, Optional.empty(), Instant.now()); // the default checks nothing
    assertThatThrownBy(() -> p.acceptWebhook(null, DELIVERY).get()).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
          assertThat(e.reason()).isEqualTo(WebhookRejectedException.Reason.NOT_SUPPORTED);
          assertThat(e).hasMessage("plain does not support webhooks");
        });
  }

  @Test
  void throughTheClientTheRefusalIsTypedAndNoTokenIsBlamed() {
    TokenPool pool = TokenPool.of("plain-token-0123456789");
    try (GenerationClient client = GenerationClient.builder().provider(new Plain(pool)).build()) {
      for (int i = 0; i < 20; i++) {
        assertThatThrownBy(() -> client.webhooks().handle("plain", DELIVERY)).isInstanceOfSatisfying(WebhookRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(WebhookRejectedException.Reason.NOT_SUPPORTED));
      }
      assertThat(pool.stats().get(0).errors()).isZero();
    }
  }
}
