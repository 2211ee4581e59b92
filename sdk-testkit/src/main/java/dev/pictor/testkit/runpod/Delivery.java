package dev.pictor.testkit.runpod;

import dev.pictor.testkit.internal.NoDelaySockets;

import dev.pictor.testkit.TestImages;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/**
 * The simulator's second host, standing in for {@code image.runpod.ai}: it serves each completed job's
 * {@code image_url} (a deterministic 64x64 PNG, or JPEG when {@code output_format} is {@code jpeg})
 * for 7 days of clock time, needs no key, and records every request that carried an
 * {@code Authorization} header anyway. Thread-safe.
 */
final class Delivery {
  private record Asset(long seed, String format, long expiresAt) {}

  private final RunPodLedger ledger;
  private final Clock clock;
  private final MockWebServer server = new MockWebServer();
  private final Map<String, Asset> assets = new ConcurrentHashMap<>();
  private String base;

  Delivery(RunPodLedger ledger, Clock clock) {
    this.ledger = ledger;
    this.clock = clock;
    server.setServerSocketFactory(NoDelaySockets.INSTANCE);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        return serve(request);
      }
    });
  }

  void start(InetAddress address) throws IOException {
    server.start(address, 0);
    base = "http://" + address.getHostAddress() + ":" + server.getPort();
  }

  String base() {
    return base;
  }

  /** Registers the output of attempt {@code attempt} of job {@code id} and returns its URL. */
  String register(String endpoint, String id, int attempt, long seed, String format, long expiresAt) {
    String path = "/" + endpoint + "/" + id + (attempt > 0 ? "-r" + attempt : "") + "." + format;
    assets.put(path, new Asset(seed, format, expiresAt));
    return base + path;
  }

  private MockResponse serve(RecordedRequest request) throws InterruptedException {
    while (server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
      // MockWebServer keeps every request for takeRequest(); drop them so long runs stay small.
    }
    boolean auth = request.getHeaders().get("Authorization") != null;
    Asset asset = assets.get(request.getUrl().encodedPath());
    if (asset != null && asset.expiresAt() < clock.millis()) asset = null;
    boolean get = request.getMethod().equals("GET");
    ledger.download(auth, get && asset != null);
    if (!get) return Responses.text(405, "text/plain", "Method not allowed");
    if (asset == null) return Responses.text(404, "text/plain", "Not found");
    boolean jpeg = asset.format().equals("jpeg");
    byte[] bytes = jpeg ? TestImages.jpeg(asset.seed(), 64, 64) : TestImages.png(asset.seed(), 64, 64);
    return new MockResponse.Builder().setHeader("Content-Type", jpeg ? "image/jpeg" : "image/png")
        .body(new Buffer().write(bytes)).build();
  }

  void close() {
    server.close();
  }
}
