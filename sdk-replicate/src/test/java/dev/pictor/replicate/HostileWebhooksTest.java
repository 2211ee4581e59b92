package dev.pictor.replicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.WebhookRejectedException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * 1,000 forged Replicate deliveries, every kind of {@link ForgedDeliveries} in turn, are refused by
 * {@link ReplicateWebhooks#verify} with the right reason and a message that quotes no secret; 200
 * valid ones in every allowed shape pass. Seeded: a failure names a delivery that can be made again.
 */
class HostileWebhooksTest {
  static final long SEED = 20_260_101L;
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00.250Z");
  private static final String BODY = Wire.prediction("p_hostile", "succeeded", "[\"https://replicate.delivery/x/out-0.webp\"]");

  @Test
  void aThousandForgedDeliveriesAreAllRefusedWithTheirReason() {
    ForgedDeliveries forger = new ForgedDeliveries(SEED, ReplicateWebhooksTest.SECRET, NOW, ReplicateWebhooks.DEFAULT_TOLERANCE);
    List<ForgedDeliveries.Delivery> forged = forger.forged(BODY, 1000);
    Map<String, Integer> perKind = new HashMap<>();
    for (ForgedDeliveries.Delivery d : forged) {
      assertThatThrownBy(() -> ReplicateWebhooks.verify(d.headers(), d.body(), ReplicateWebhooksTest.SECRET,
          ReplicateWebhooks.DEFAULT_TOLERANCE, NOW))
          .as(d.toString())
          .isExactlyInstanceOf(WebhookRejectedException.class)
          .satisfies(e -> {
            WebhookRejectedException r = (WebhookRejectedException) e;
            assertThat(r.reason()).as(d.toString()).isEqualTo(d.expected());
            assertThat(r.getMessage()).isNotBlank().doesNotContain(ReplicateWebhooksTest.SECRET)
                .doesNotContain(ReplicateWebhooksTest.SECRET.substring("whsec_".length())).doesNotContain("\n");
          });
      perKind.merge(d.kind().replaceAll(" at \\d+$", ""), 1, Integer::sum);
    }
    assertThat(perKind.keySet()).containsExactlyInAnyOrderElementsOf(forger.kinds());
    assertThat(perKind.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(1000 / forger.kinds().size()));
  }

  @Test
  void validDeliveriesInEveryAllowedShapePass() {
    ForgedDeliveries forger = new ForgedDeliveries(SEED + 1, ReplicateWebhooksTest.SECRET, NOW, ReplicateWebhooks.DEFAULT_TOLERANCE);
    for (ForgedDeliveries.Delivery d : forger.valid(BODY, 200)) {
      ReplicateWebhooks.verify(d.headers(), d.body(), ReplicateWebhooksTest.SECRET, ReplicateWebhooks.DEFAULT_TOLERANCE, NOW);
    }
  }

  @Test
  void aDeliveryJustInsideTheToleranceIsAcceptedAndOneSecondPastItIsStale() {
    ForgedDeliveries forger = new ForgedDeliveries(SEED + 2, ReplicateWebhooksTest.SECRET, NOW, ReplicateWebhooks.DEFAULT_TOLERANCE);
    ForgedDeliveries.Delivery d = forger.valid(BODY, 1).get(0);
    Duration tolerance = ReplicateWebhooks.DEFAULT_TOLERANCE;
    Instant sent = Instant.ofEpochSecond(NOW.getEpochSecond());
    ReplicateWebhooks.verify(d.headers(), d.body(), ReplicateWebhooksTest.SECRET, tolerance, sent.plus(tolerance));
    ReplicateWebhooks.verify(d.headers(), d.body(), ReplicateWebhooksTest.SECRET, tolerance, sent.minus(tolerance));
    assertThatThrownBy(() -> ReplicateWebhooks.verify(d.headers(), d.body(), ReplicateWebhooksTest.SECRET, tolerance,
        sent.plus(tolerance).plusSeconds(1)))
        .isInstanceOfSatisfying(WebhookRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(WebhookRejectedException.Reason.STALE));
  }
}
