package dev.pictor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.AuthenticationException;
import dev.pictor.InvalidRequestException;
import dev.pictor.ProviderException;
import dev.pictor.RateLimitException;
import dev.pictor.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final RetryPolicy policy = RetryPolicy.builder().maxAttempts(8)
      .backoff(Duration.ofMillis(500), Duration.ofSeconds(10)).jitter(0.2).maxRetryAfter(Duration.ofSeconds(60)).build();
  private final ProviderException serverError = new ProviderException("503", "p", 503, null, null, null, null);

  @Test
  void theBackoffDoublesUpToTheCap() {
    assertThat(policy.backoffFor(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.backoffFor(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.backoffFor(3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.backoffFor(5)).isEqualTo(Duration.ofSeconds(8));
    assertThat(policy.backoffFor(6)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.backoffFor(60)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void jitterStaysWithinItsBounds() {
    assertThat(Backoff.delay(policy, 3, serverError, false, () -> 0.0)).isEqualTo(Duration.ofMillis(1600));
    assertThat(Backoff.delay(policy, 3, serverError, false, () -> 0.5)).isEqualTo(Duration.ofSeconds(2));
    assertThat(Backoff.delay(policy, 3, serverError, false, () -> 0.999999)).isBetween(Duration.ofMillis(2399), Duration.ofMillis(2400));
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < 1000; i++) {
      assertThat(Backoff.delay(policy, 2, serverError, false, r::nextDouble)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
    }
  }

  @Test
  void retryAfterIsHonouredCappedOrSkippedWhenAnotherTokenIsReady() {
    RateLimitException slow = new RateLimitException("429", "p", Duration.ofSeconds(30), null);
    RateLimitException tooSlow = new RateLimitException("429", "p", Duration.ofMinutes(10), null);
    RateLimitException unsaid = new RateLimitException("429", "p", null, null);
    assertThat(Backoff.delay(policy, 1, slow, false, () -> 0.5)).isEqualTo(Duration.ofSeconds(30));
    assertThat(Backoff.delay(policy, 1, tooSlow, false, () -> 0.5)).isEqualTo(Duration.ofSeconds(60));
    assertThat(Backoff.delay(policy, 1, slow, true, () -> 0.5)).isZero();
    assertThat(Backoff.delay(policy, 2, unsaid, false, () -> 0.5)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void createsAreRetriedOnlyWhenTheyProvablyDidNotReachTheProvider() {
    assertThat(Backoff.retryCreate(new RateLimitException("429", "p", null, null), false)).isTrue();
    assertThat(Backoff.retryCreate(serverError, false)).isTrue();
    assertThat(Backoff.retryCreate(new ProviderException("502", "p", 502, null, null, null, null), false)).isTrue();
    assertThat(Backoff.retryCreate(network(ProviderException.Reach.NOT_REACHED), false)).isTrue();
    assertThat(Backoff.retryCreate(network(ProviderException.Reach.AMBIGUOUS), false)).isFalse();
    assertThat(Backoff.retryCreate(new ProviderException("500", "p", 500, null, null, null, null), false)).isFalse();
    assertThat(Backoff.retryCreate(new ProviderException("504", "p", 504, null, null, null, null), false)).isFalse();
    assertThat(Backoff.retryCreate(new InvalidRequestException("x", "bad"), false)).isFalse();
    assertThat(Backoff.retryCreate(new AuthenticationException("401", "p"), true)).isTrue();
    assertThat(Backoff.retryCreate(new AuthenticationException("401", "p"), false)).isFalse();
    assertThat(Backoff.ambiguous(network(ProviderException.Reach.AMBIGUOUS))).isTrue();
    assertThat(Backoff.ambiguous(new ProviderException("500", "p", 500, null, null, null, null))).isTrue();
    assertThat(Backoff.ambiguous(new RateLimitException("429", "p", null, null))).isFalse();
  }

  @Test
  void readsAreRetriedOnNetwork408429And5xx() {
    assertThat(Backoff.retryRead(network(ProviderException.Reach.AMBIGUOUS), false)).isTrue();
    assertThat(Backoff.retryRead(new ProviderException("408", "p", 408, null, null, null, null), false)).isTrue();
    assertThat(Backoff.retryRead(new ProviderException("500", "p", 500, null, null, null, null), false)).isTrue();
    assertThat(Backoff.retryRead(new RateLimitException("429", "p", null, null), false)).isTrue();
    assertThat(Backoff.retryRead(new ProviderException("404", "p", 404, null, null, null, null), false)).isFalse();
    assertThat(Backoff.retryRead(new InvalidRequestException("x", "bad"), false)).isFalse();
  }

  @Test
  void pollingStartsShortAndBacksOffToItsCap() {
    Duration initial = Duration.ofMillis(500);
    Duration max = Duration.ofSeconds(10);
    assertThat(Backoff.pollDelay(initial, max, 0, 0.5)).isEqualTo(Duration.ofMillis(500));
    assertThat(Backoff.pollDelay(initial, max, 1, 0.5)).isEqualTo(Duration.ofMillis(750));
    assertThat(Backoff.pollDelay(initial, max, 2, 0.5)).isEqualTo(Duration.ofNanos(1_125_000_000));
    assertThat(Backoff.pollDelay(initial, max, 30, 0.5)).isEqualTo(max);
    assertThat(Backoff.pollDelay(initial, max, 30, 0.0)).isEqualTo(Duration.ofSeconds(9));
  }

  private static ProviderException network(ProviderException.Reach reach) {
    return new ProviderException("reset", "p", 0, null, null, reach, new java.io.IOException("reset"));
  }
}
