package dev.pictor.replicate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import dev.pictor.ImageInput;
import dev.pictor.spi.ProviderCall;
import dev.pictor.spi.Scheduler;
import dev.pictor.testkit.TestImages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** The combined size of inline images never exceeds the cap: what does not fit is uploaded. */
class InputsTest {
  @StartStop final MockWebServer api = new MockWebServer();

  @Test
  void imagesThatWouldPushTheInlineTotalOverTheCapAreUploaded() throws Exception {
    byte[] png = TestImages.png(5, 8, 8);
    long one = DataUri.encodedLength(png.length, "image/png");
    for (int i = 0; i < 2; i++) {
      api.enqueue(new MockResponse.Builder().code(201).body("{\"id\":\"f" + i + "\",\"urls\":{\"get\":\"https://u/f" + i + "\"}}").build());
    }
    Settings settings = new Settings(HttpUrl.get(api.url("/v1").toString()), 60, null, List.of(), List.of(), Duration.ofMinutes(5));
    Inputs inputs = new Inputs(new Uploads(new Api(settings)), png.length, 2 * one);
    List<ImageInput> images = new ArrayList<>();
    for (int i = 0; i < 4; i++) images.add(ImageInput.of(png, "p" + i + ".png"));

    List<String> values = inputs.encode(call(), new Op<>(), images).get();

    assertThat(values.subList(0, 2)).allSatisfy(v -> assertThat(v).startsWith("data:image/png;base64,"));
    assertThat(values.subList(2, 4)).allSatisfy(v -> assertThat(v).startsWith("https://u/f"));
    assertThat(values.get(0).length() + values.get(1).length()).isLessThanOrEqualTo((int) (2 * one));
    assertThat(api.getRequestCount()).isEqualTo(2);
    assertThat(Inputs.INLINE_MAX_BYTES).isEqualTo(262_144);
    assertThat(Inputs.INLINE_TOTAL_MAX).isEqualTo(10_000_000);
  }

  static ProviderCall call() {
    return new ProviderCall() {
      @Override public String token() { return "r8_t"; }
      @Override public String tokenLabel() { return "#1"; }
      @Override public OkHttpClient http() { return new OkHttpClient(); }
      @Override public Moshi moshi() { return new Moshi.Builder().build(); }
      @Override public Scheduler clock() { return Scheduler.system(); }
      @Override public int attempt() { return 1; }
    };
  }
}
