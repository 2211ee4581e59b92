package dev.pictor.replicate;

import static dev.pictor.replicate.Wire.json;
import static dev.pictor.replicate.Wire.prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.Job;
import dev.pictor.JobFailedException;
import dev.pictor.JobQuery;
import dev.pictor.JobStatus;
import dev.pictor.OutputSink;
import dev.pictor.OutputTarget;
import dev.pictor.ProviderException;
import dev.pictor.StoredOutput;
import dev.pictor.TokenPool;
import dev.pictor.testkit.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile outputs through the real Replicate provider and the core's downloader: addresses that are
 * not http(s), redirects to other hosts, bodies over the cap (up to 1 GiB, never held) and images whose
 * header declares a huge size. Each is refused with the job failing on a typed exception, nothing is
 * fetched that should not be, no file is left behind, and the token reaches no host but the API's.
 */
class HostileOutputsTest {
  private static final long GIB = 1L << 30;

  @StartStop final MockWebServer api = new MockWebServer();
  @StartStop final MockWebServer cdn = new MockWebServer();
  @StartStop final MockWebServer elsewhere = new MockWebServer();
  @TempDir Path dir;
  private final AtomicInteger sinkWrites = new AtomicInteger();

  private GenerationClient client(long maxOutputBytes) {
    ReplicateProvider p = ReplicateProvider.builder().tokens(TokenPool.of(TestCall.TOKEN)).baseUrl(api.url("/v1").toString()).build();
    OutputSink files = OutputSink.files(dir);
    OutputSink counting = new OutputSink() {
      @Override
      public StoredOutput write(OutputTarget target, InputStream data) throws IOException {
        sinkWrites.incrementAndGet();
        return files.write(target, data);
      }

      @Override
      public InputStream open(StoredOutput output) throws IOException {
        return files.open(output);
      }

      @Override
      public void delete(StoredOutput output) throws IOException {
        files.delete(output);
      }
    };
    return GenerationClient.builder().provider(p).outputs(counting).maxOutputBytes(maxOutputBytes)
        .polling(Duration.ofMillis(1), Duration.ofMillis(5)).build();
  }

  /** Runs one job with outputs capped at {@code cap} bytes; it must fail saying {@code message}. */
  private void failsWithCap(long cap, String message) {
    try (GenerationClient client = client(cap)) {
      assertThatThrownBy(() -> client.generate(request())).isInstanceOf(JobFailedException.class)
          .hasMessageContaining(message);
    }
  }

  /** A prediction that succeeded at once with {@code outputs} (JSON strings). */
  private void answered(String id, String... outputs) {
    api.enqueue(json(201, prediction(id, "succeeded", "[\"" + String.join("\",\"", outputs) + "\"]")));
  }

  private static GenerationRequest request() {
    return GenerationRequest.create("flux-schnell").prompt("a lighthouse").build();
  }

  private List<Path> filesLeft() throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void addressesThatAreNotHttpAreRefusedByNameAndNothingIsFetched() throws Exception {
    String port = Integer.toString(elsewhere.getPort());
    String[][] cases = {
        {"file:///etc/passwd", "file"}, {"FILE:///C:/Windows/win.ini", "file"},
        {"ftp://127.0.0.1:" + port + "/out.png", "ftp"}, {"jar:file:/tmp/x.jar!/out.png", "jar"},
        {"gopher://127.0.0.1:" + port + "/_GET%20/", "gopher"}, {"ldap://127.0.0.1:" + port + "/o=x", "ldap"},
        {"javascript:alert(1)", "javascript"}};
    try (GenerationClient client = client(1 << 20)) {
      for (int i = 0; i < cases.length; i++) {
        answered("p_scheme" + i, cases[i][0]);
        String path = cases[i][0].substring(cases[i][0].indexOf(':') + 1);
        assertThatThrownBy(() -> client.generate(request())).as(cases[i][0])
            .isInstanceOf(JobFailedException.class)
            .hasMessageContaining("with an address that is not http(s) (" + cases[i][1] + ":); nothing was fetched")
            .hasMessageNotContaining(path);
      }
    }
    assertThat(elsewhere.getRequestCount()).isZero();
    assertThat(sinkWrites).hasValue(0);
    assertThat(filesLeft()).isEmpty();
  }

  @Test
  void aRedirectFromTheOutputHostToAnotherHostNeverCarriesTheToken() throws Exception {
    answered("p_moved", cdn.url("/out/0.png").toString());
    cdn.enqueue(new MockResponse.Builder().code(302).addHeader("Location", elsewhere.url("/stolen/0.png")).build());
    elsewhere.enqueue(Wire.image(TestImages.png(5, 8, 8)));
    try (GenerationClient client = client(1 << 20)) {
      GenerationResult r = client.generate(request());
      assertThat(r.images()).hasSize(1);
    }
    assertThat(api.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + TestCall.TOKEN);
    assertThat(cdn.takeRequest().getHeaders().get("Authorization")).isNull();
    RecordedRequest followed = elsewhere.takeRequest();
    assertThat(followed.getHeaders().get("Authorization")).isNull();
    assertThat(followed.getHeaders().toString()).doesNotContain(TestCall.TOKEN);
  }

  /**
   * The API client follows no redirect: a create answered 307 is not resent to the other host (which
   * would get the body, and whose answer would be trusted); the job fails on a typed provider error
   * naming the status and the host only, and the create is not retried.
   */
  @Test
  void aCreateRedirectedToAnotherHostIsNotFollowedAndTheJobFails() throws Exception {
    api.enqueue(redirect(307, "/v1/models/black-forest-labs/flux-schnell/predictions"));
    elsewhere.enqueue(json(201, prediction("p_elsewhere", "succeeded", "[\"" + cdn.url("/0.png") + "\"]")));
    try (GenerationClient client = client(1 << 20)) {
      assertThatThrownBy(() -> client.generate(request())).satisfies(e -> isRedirectRefusal(e, 307));
      Job job = client.jobs(JobQuery.all()).get(0);
      assertThat(job.status()).isEqualTo(JobStatus.FAILED);
      assertThat(job.error().orElseThrow().code()).isEqualTo("307");
    }
    assertThat(api.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + TestCall.TOKEN);
    assertThat(api.getRequestCount()).as("not retried").isEqualTo(1);
    assertThat(elsewhere.getRequestCount()).isZero();
    assertThat(cdn.getRequestCount()).isZero();
  }

  /** A poll answered 302 is a failed poll round, not retried within it; after the core's three rounds it stops following. */
  @Test
  void aStatusReadRedirectedToAnotherHostIsNotFollowed() throws Exception {
    api.enqueue(json(201, prediction("p_moving", "starting", "null")));
    for (int i = 0; i < 3; i++) api.enqueue(redirect(302, "/v1/predictions/p_moving"));
    elsewhere.enqueue(json(200, prediction("p_moving", "succeeded", "[\"" + cdn.url("/0.png") + "\"]")));
    try (GenerationClient client = client(1 << 20)) {
      assertThatThrownBy(() -> client.generate(request())).isInstanceOf(ProviderException.class)
          .hasMessageContaining("cannot be followed").satisfies(e -> isRedirectRefusal(e.getCause(), 302));
    }
    api.takeRequest();
    for (int i = 0; i < 3; i++) assertThat(api.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/predictions/p_moving");
    assertThat(api.getRequestCount()).as("one read a round").isEqualTo(4);
    assertThat(elsewhere.getRequestCount()).isZero();
    assertThat(cdn.getRequestCount()).isZero();
  }

  private MockResponse redirect(int code, String path) {
    return new MockResponse.Builder().code(code).addHeader("Location", elsewhere.url(path + "?secret=abc")).build();
  }

  /** The typed error a redirect is: its status, the host it named and nothing else of that address; never retried. */
  private void isRedirectRefusal(Throwable e, int status) {
    assertThat(e).isInstanceOf(ProviderException.class)
        .hasMessageContaining("replicate answered " + status + ", a redirect to host " + elsewhere.url("/").host())
        .hasMessageNotContaining("secret=abc").hasMessageNotContaining("/v1/");
    assertThat(((ProviderException) e).statusCode()).isEqualTo(status);
    assertThat(((ProviderException) e).retryable()).isFalse();
  }

  @Test
  void aGibibyteDeclaredByContentLengthIsRefusedBeforeReading() throws Exception {
    answered("p_declared", cdn.url("/big.png").toString());
    cdn.enqueue(new MockResponse.Builder().body(new Endless(GIB, true)).build());
    failsWithCap(200_000, "declares 1073741824 bytes, more than the 200000 byte cap");
    assertThat(sinkWrites).hasValue(0);
    assertThat(filesLeft()).isEmpty();
  }

  @Test
  void aGibibyteStreamedWithoutALengthIsCutOffAtTheCapAndItsPartialFileRemoved() throws Exception {
    answered("p_streamed", cdn.url("/big.png").toString());
    cdn.enqueue(new MockResponse.Builder().body(new Endless(GIB, false)).build());
    failsWithCap(200_000, "is larger than the 200000 byte cap");
    assertThat(sinkWrites).as("the cap is passed while the sink writes").hasValue(1);
    assertThat(filesLeft()).as("no truncated file, no .part file").isEmpty();
  }

  @Test
  void whenOneOutputIsOverTheCapTheOnesAlreadyStoredAreRemoved() throws Exception {
    answered("p_two", cdn.url("/0.png").toString(), cdn.url("/1.png").toString());
    cdn.enqueue(Wire.image(TestImages.png(6, 8, 8)));
    cdn.enqueue(new MockResponse.Builder().body(new Endless(GIB, false)).build());
    failsWithCap(200_000, "output 2 of job");
    assertThat(sinkWrites).hasValue(2);
    assertThat(filesLeft()).isEmpty();
  }

  @Test
  void anImageDeclaringAHugeSizeIsRefusedFromItsHeaderBeforeTheSinkSeesIt() throws Exception {
    byte[] huge = HostileImages.pngDeclaring(100_000, 100_000);
    answered("p_huge", cdn.url("/huge.png").toString());
    cdn.enqueue(new MockResponse.Builder().body(new Endless(GIB, false, huge)).build());
    byte[] hugeJpeg = HostileImages.jpegDeclaring(TestImages.jpeg(4, 16, 16), 65_535, 65_535);
    answered("p_huge_inline", "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(hugeJpeg));
    try (GenerationClient client = client(50L << 20)) {
      assertThatThrownBy(() -> client.generate(request())).isInstanceOf(JobFailedException.class)
          .hasMessageContaining("as a PNG whose header declares 100000 x 100000 pixels, more than the 268435456 allowed");
      assertThatThrownBy(() -> client.generate(request())).isInstanceOf(JobFailedException.class)
          .hasMessageContaining("as a JPEG whose header declares 65535 x 65535 pixels");
    }
    assertThat(sinkWrites).hasValue(0);
    assertThat(filesLeft()).isEmpty();
  }

  /** A body of {@code size} bytes made as it is written (a prefix, then zeros), with or without a Content-Length. */
  private static final class Endless implements MockResponseBody {
    private final long size;
    private final boolean declared;
    private final byte[] prefix;

    Endless(long size, boolean declared) {
      this(size, declared, TestImages.png(1, 8, 8));
    }

    Endless(long size, boolean declared, byte[] prefix) {
      this.size = size;
      this.declared = declared;
      this.prefix = prefix;
    }

    @Override
    public long getContentLength() {
      return declared ? size : -1;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      sink.write(prefix);
      byte[] zeros = new byte[64 * 1024];
      for (long left = size - prefix.length; left > 0; left -= zeros.length) {
        sink.write(zeros, 0, (int) Math.min(zeros.length, left));
        sink.flush(); // the client stops reading at its cap: this write then fails, and the body ends
      }
    }
  }
}
