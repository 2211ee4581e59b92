package dev.pictor.replicate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import dev.pictor.JobStatus;
import dev.pictor.spi.ProviderJob;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Prediction parsing, data URIs, Cancel-After, the waiting client and value comparison. */
class ParserTest {
  static final Moshi MOSHI = new Moshi.Builder().build();
  final Parser parser = new Parser(false);

  private ProviderJob parse(String json) throws Exception {
    return parser.parse(Json.parse(MOSHI, json));
  }

  @Test
  void statusesMapOntoTheCoresLifecycle() {
    assertThat(Parser.status("starting")).isEqualTo(JobStatus.SUBMITTED);
    assertThat(Parser.status("processing")).isEqualTo(JobStatus.RUNNING);
    assertThat(Parser.status("succeeded")).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(Parser.status("failed")).isEqualTo(JobStatus.FAILED);
    assertThat(Parser.status("canceled")).isEqualTo(JobStatus.CANCELED);
    assertThat(Parser.status("aborted")).isEqualTo(JobStatus.EXPIRED);
    assertThat(Parser.status("something-new")).isEqualTo(JobStatus.RUNNING);
  }

  @Test
  void outputsAreOneUrlOrAnArrayAndOnlyCountOnceSucceeded() throws Exception {
    assertThat(parse("{\"id\":\"a\",\"status\":\"succeeded\",\"output\":\"https://x/1.png\"}").outputs()).hasSize(1);
    assertThat(parse("{\"id\":\"a\",\"status\":\"succeeded\",\"output\":[\"https://x/1.png\",\"https://x/2.png\"]}").outputs()).hasSize(2);
    assertThat(parse("{\"id\":\"a\",\"status\":\"processing\",\"output\":[\"https://x/1.png\"]}").outputs()).isEmpty();
  }

  @Test
  void failuresCancellationsAndAbortsCarryAMessage() throws Exception {
    ProviderJob failed = parse("{\"id\":\"a\",\"status\":\"failed\",\"error\":\"NSFW content detected\"}");
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.errorMessage()).contains("NSFW content detected");
    assertThat(parse("{\"id\":\"a\",\"status\":\"aborted\"}").status()).isEqualTo(JobStatus.EXPIRED);
    ProviderJob removed = parse("{\"id\":\"a\",\"status\":\"succeeded\",\"output\":null,\"data_removed\":true}");
    assertThat(removed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(removed.errorMessage().orElseThrow()).contains("data_removed");
  }

  @Test
  void progressIsTheLastPercentageInTheLogs() {
    assertThat(Parser.progress("  0%|          | 0/4\n 50%|#####     | 2/4\n 75%|")).isEqualTo(0.75);
    assertThat(Parser.progress("no numbers here")).isNull();
    assertThat(Parser.progress("250% is not a progress, 10% is")).isEqualTo(0.10);
  }

  @Test
  void aDataUriOutputIsDecodedAsAStream() throws Exception {
    byte[] bytes = new byte[100_000];
    new java.util.Random(1).nextBytes(bytes);
    String uri = DataUri.encode(bytes, "image/png");
    assertThat(DataUri.encodedLength(bytes.length, "image/png")).isEqualTo(uri.length());
    try (InputStream in = DataUri.output(uri).opener().orElseThrow().open()) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
    try (InputStream in = DataUri.output("data:text/plain,a%20b").opener().orElseThrow().open()) {
      assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("a b");
    }
    assertThat(Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1))).isEqualTo(bytes);
  }

  @Test
  void cancelAfterIsTheTimeLeftInWholeSecondsAtLeastFive() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(Predictions.cancelAfter(now.plusSeconds(30), now)).isEqualTo("30s");
    assertThat(Predictions.cancelAfter(now.plusSeconds(300), now)).isEqualTo("5m");
    assertThat(Predictions.cancelAfter(now.plusMillis(3_661_001), now)).isEqualTo("1h1m2s");
    assertThat(Predictions.cancelAfter(now.plusSeconds(1), now)).isEqualTo("5s");
    assertThat(Predictions.cancelAfter(now.minusSeconds(1), now)).isEqualTo("5s");
  }

  @Test
  void theCreateClientReadsLongerThanTheWaitAndIsDerivedOncePerBaseClient() {
    Settings s = new Settings(HttpUrl.get("https://api.replicate.com/v1"), 60, null, List.of(), List.of(), Duration.ofMinutes(5));
    Predictions p = new Predictions(s, null, null, null, null, parser, null);
    OkHttpClient shortRead = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).callTimeout(Duration.ofSeconds(40)).build();
    OkHttpClient derived = p.waitingClient(shortRead);
    assertThat(derived.readTimeoutMillis()).isEqualTo(70_000);
    assertThat(derived.callTimeoutMillis()).isEqualTo(70_000);
    assertThat(derived.dispatcher()).isSameAs(shortRead.dispatcher());
    assertThat(p.waitingClient(shortRead)).isSameAs(derived);
    OkHttpClient longRead = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(90)).build();
    assertThat(p.waitingClient(longRead)).isSameAs(longRead);
  }

  @Test
  void echoedValuesCompareByValueWhateverTheirJsonNumberType() {
    assertThat(Matcher.same(7L, 7.0)).isTrue();
    assertThat(Matcher.same(0.35, 0.35)).isTrue();
    assertThat(Matcher.same(List.of("a", 1L), List.of("a", 1.0))).isTrue();
    assertThat(Matcher.same(Map.of("k", 2L), Map.of("k", 2.0))).isTrue();
    assertThat(Matcher.same("16:9", "9:16")).isFalse();
    assertThat(Matcher.same(1L, null)).isFalse();
  }

  @Test
  void nonJsonErrorTextIsMadeReadable() {
    assertThat(Errors.plain("<html>\n<body><h1>502 Bad Gateway</h1>\n</body></html>")).isEqualTo("502 Bad Gateway");
    assertThat(Errors.plain("x".repeat(400))).hasSize(300).endsWith("...");
  }
}
