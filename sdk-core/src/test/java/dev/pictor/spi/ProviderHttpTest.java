package dev.pictor.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.AuthenticationException;
import dev.pictor.InvalidRequestException;
import dev.pictor.ProviderException;
import dev.pictor.RateLimitException;
import java.time.Duration;
import java.time.Instant;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class ProviderHttpTest {
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

  @Test
  void retryAfterReadsMillisecondsSecondsDatesAndReplicatesBodyHint() {
    assertThat(ProviderHttp.retryAfter(Headers.of("retry-after-ms", "1500", "Retry-After", "9"), null, NOW)).isEqualTo(Duration.ofMillis(1500));
    assertThat(ProviderHttp.retryAfter(Headers.of("Retry-After", "9"), null, NOW)).isEqualTo(Duration.ofSeconds(9));
    assertThat(ProviderHttp.retryAfter(Headers.of("Retry-After", "Sat, 21 Nov 2026 10:00:42 GMT"), null, NOW)).isEqualTo(Duration.ofSeconds(42));
    assertThat(ProviderHttp.retryAfter(Headers.of("Retry-After", "Sat, 21 Nov 2026 09:00:00 GMT"), null, NOW)).isZero();
    assertThat(ProviderHttp.retryAfter(Headers.of(), "{\"detail\":\"Request was throttled. Your rate limit resets in ~30s.\"}", NOW))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(ProviderHttp.retryAfter(Headers.of("Retry-After", "soon"), "nothing here", NOW)).isNull();
  }

  @Test
  void statusesMapOntoTheExceptionTypes() {
    assertThat(ProviderHttp.error("p", 401, "bad token", null, null, null)).isInstanceOf(AuthenticationException.class);
    assertThat(ProviderHttp.error("p", 403, "no", null, null, null)).isInstanceOf(AuthenticationException.class);
    assertThat(ProviderHttp.error("p", 429, "slow down", null, "r1", Duration.ofSeconds(3)))
        .isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(3)));
    assertThat(ProviderHttp.error("p", 422, "bad input", null, null, null)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("p answered 422: bad input");
    assertThat(ProviderHttp.error("p", 502, "<html>Bad gateway</html>", "bg", "req-9", null))
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(502);
          assertThat(e.requestId()).contains("req-9");
          assertThat(e.providerCode()).contains("bg");
          assertThat(e.retryable()).isTrue();
          assertThat(e.reachedProvider()).isEqualTo(ProviderException.Reach.NOT_REACHED);
        })
        .hasMessage("p answered 502: <html>Bad gateway</html> (request id req-9)");
  }
}
