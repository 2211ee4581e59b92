package dev.pictor.openai.internal;

import dev.pictor.spi.ProviderCall;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;

/**
 * Reads OpenAI's request budget from every answer ({@code x-ratelimit-limit-requests},
 * {@code x-ratelimit-remaining-requests} and {@code x-ratelimit-reset-requests}, fact sheet 4.10)
 * and passes it to the core through {@link ProviderCall#reportQuota}. OpenAI refills the budget
 * continuously and the reset header is the time until it is <em>full</em>, so the refill rate is
 * {@code (limit - remaining) / reset}: that is what is reported (as so many requests over the reset
 * time), and with none left the token rests until one request has refilled, {@code reset / limit},
 * not until the whole budget is back. Without the limit header only an empty budget is reported.
 * Stateless.
 */
public final class RateHeaders {
  static final String LIMIT = "x-ratelimit-limit-requests";
  static final String REMAINING = "x-ratelimit-remaining-requests";
  static final String RESET = "x-ratelimit-reset-requests";
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(h|ms|m|s|us|µs|μs|ns)");
  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

  private RateHeaders() {}

  /** Reports the budget when both headers are there and readable; does nothing otherwise. */
  public static void report(ProviderCall call, Headers headers) {
    String remaining = headers.get(REMAINING);
    Duration reset = duration(headers.get(RESET));
    if (remaining == null || reset == null) return;
    long left;
    try {
      left = Long.parseLong(remaining.trim());
    } catch (NumberFormatException e) {
      return;
    }
    if (left < 0) return;
    long limit = number(headers.get(LIMIT));
    if (limit <= 0) {
      if (left == 0) call.reportQuota(0, reset.compareTo(Duration.ofSeconds(1)) < 0 ? reset : Duration.ofSeconds(1));
      return;
    }
    if (left == 0) {
      call.reportQuota(0, reset.dividedBy(limit));
    } else if (left < limit && !reset.isZero()) {
      call.reportQuota(limit - left, reset);
    }
  }

  private static long number(String text) {
    if (text == null) return -1;
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * A Go duration as OpenAI writes it ({@code 6m0s}, {@code 1s}, {@code 20ms}, {@code 1h2m3.5s},
   * {@code 0}), or null when the text is not one.
   */
  public static Duration duration(String text) {
    if (text == null) return null;
    String s = text.trim();
    if (s.equals("0")) return Duration.ZERO;
    Matcher m = PART.matcher(s);
    BigDecimal nanos = BigDecimal.ZERO;
    int at = 0;
    while (at < s.length()) {
      if (!m.find(at) || m.start() != at) return null;
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(unit(m.group(2))));
      at = m.end();
    }
    if (at == 0) return null;
    // Saturate rather than wrap: a duration beyond what a long holds is as good as forever.
    return nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Duration.ofNanos(Long.MAX_VALUE)
        : Duration.ofNanos(nanos.longValue());
  }

  private static BigDecimal unit(String unit) {
    switch (unit) {
      case "h":
        return NANOS_PER_SECOND.multiply(BigDecimal.valueOf(3600));
      case "m":
        return NANOS_PER_SECOND.multiply(BigDecimal.valueOf(60));
      case "s":
        return NANOS_PER_SECOND;
      case "ms":
        return BigDecimal.valueOf(1_000_000);
      case "ns":
        return BigDecimal.ONE;
      default:
        return BigDecimal.valueOf(1_000); // us, µs, μs
    }
  }
}
