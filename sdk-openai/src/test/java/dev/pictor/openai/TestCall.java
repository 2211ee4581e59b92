package dev.pictor.openai;

import com.squareup.moshi.Moshi;
import dev.pictor.spi.ProviderCall;
import dev.pictor.spi.Scheduler;
import dev.pictor.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;

/** A {@link ProviderCall} for calling the provider directly, as the core would; it records reported quotas. */
final class TestCall implements ProviderCall {
  static final String TOKEN = "sk-proj-testKEYzzzzzzzzzzzzzzzzzzzzzz1234";
  static final Moshi MOSHI = new Moshi.Builder().build();
  static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5))
      .retryOnConnectionFailure(false).build();

  /** One {@link #reportQuota} call. */
  record Quota(long remaining, Duration resetsIn) {}

  final List<Quota> quotas = new CopyOnWriteArrayList<>();
  private final Scheduler clock;
  private final OkHttpClient http;

  TestCall(Scheduler clock, OkHttpClient http) {
    this.clock = clock;
    this.http = http;
  }

  static TestCall create() {
    return new TestCall(new ManualClock(), HTTP);
  }

  @Override public String token() { return TOKEN; }
  @Override public String tokenLabel() { return "#1"; }
  @Override public OkHttpClient http() { return http; }
  @Override public Moshi moshi() { return MOSHI; }
  @Override public Scheduler clock() { return clock; }
  @Override public int attempt() { return 1; }
  @Override public void reportQuota(long remaining, Duration resetsIn) { quotas.add(new Quota(remaining, resetsIn)); }
}
