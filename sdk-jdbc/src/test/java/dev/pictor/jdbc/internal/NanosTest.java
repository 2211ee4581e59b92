package dev.pictor.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NanosTest {
  @Test
  void instantsRoundTripToTheNanosecond() {
    for (String t : new String[] {"2026-03-01T10:00:00.123456789Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
        "1677-09-21T00:12:43.145224192Z", "2262-04-11T23:47:16.854775807Z"}) {
      Instant instant = Instant.parse(t);
      assertThat(Nanos.instant(Nanos.of(instant, "t"))).isEqualTo(instant);
    }
    assertThat(Nanos.of(Instant.parse("1969-12-31T23:59:59.999999999Z"), "t")).isEqualTo(-1);
    assertThat(Nanos.MIN).isEqualTo(Instant.parse("1677-09-21T00:12:43.145224192Z"));
    assertThat(Nanos.MAX).isEqualTo(Instant.parse("2262-04-11T23:47:16.854775807Z"));
  }

  @Test
  void instantsOutsideTheRangeAreRejectedByName() {
    assertThatThrownBy(() -> Nanos.of(Nanos.MAX.plusNanos(1), "leaseExpiresAt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("leaseExpiresAt 2262-04-11T23:47:16.854775808Z is outside what a JdbcJobStore can hold"
            + " (1677-09-21T00:12:43.145224192Z to 2262-04-11T23:47:16.854775807Z)");
    assertThatThrownBy(() -> Nanos.of(Nanos.MIN.minusNanos(1), "createdAt")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Nanos.ofNullable(null, "x")).isNull();
  }
}
