package dev.pictor.runpod;

import com.squareup.moshi.Moshi;
import dev.pictor.spi.ProviderCall;
import dev.pictor.spi.Scheduler;
import java.time.Duration;
import okhttp3.OkHttpClient;

/** A {@link ProviderCall} for calling the provider directly, as the core would. */
final class TestCall implements ProviderCall {
  static final String TOKEN = "rpa_testKEYzzzzzzzzzzzzzzzzzzzzzzzzz1234";
  static final Moshi MOSHI = new Moshi.Builder().build();
  static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5))
      .retryOnConnectionFailure(false).build();

  private final Scheduler clock;
  private final OkHttpClient http;

  TestCall(Scheduler clock, OkHttpClient http) {
    this.clock = clock;
    this.http = http;
  }

  static TestCall of(Scheduler clock) {
    return new TestCall(clock, HTTP);
  }

  @Override public String token() { return TOKEN; }
  @Override public String tokenLabel() { return "#1"; }
  @Override public OkHttpClient http() { return http; }
  @Override public Moshi moshi() { return MOSHI; }
  @Override public Scheduler clock() { return clock; }
  @Override public int attempt() { return 1; }
}
