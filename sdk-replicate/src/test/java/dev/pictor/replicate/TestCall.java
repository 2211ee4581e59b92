package dev.pictor.replicate;

import com.squareup.moshi.Moshi;
import dev.pictor.spi.ProviderCall;
import dev.pictor.spi.Scheduler;
import java.time.Duration;
import okhttp3.OkHttpClient;

/** A {@link ProviderCall} for calling the provider directly, as the core would. */
final class TestCall implements ProviderCall {
  static final String TOKEN = "r8_testTOKENzzzzzzzzzzzzzzzzzzzz1234";
  static final Moshi MOSHI = new Moshi.Builder().build();
  static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5))
      .retryOnConnectionFailure(false).build();

  private final String token;
  private final String label;
  private final Scheduler clock;

  TestCall(String token, String label, Scheduler clock) {
    this.token = token;
    this.label = label;
    this.clock = clock;
  }

  static TestCall of(Scheduler clock) {
    return new TestCall(TOKEN, "#1", clock);
  }

  @Override public String token() { return token; }
  @Override public String tokenLabel() { return label; }
  @Override public OkHttpClient http() { return HTTP; }
  @Override public Moshi moshi() { return MOSHI; }
  @Override public Scheduler clock() { return clock; }
  @Override public int attempt() { return 1; }
}
