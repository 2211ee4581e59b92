package dev.pictor.testkit.replicate;

import dev.pictor.testkit.internal.NoDelaySockets;

import dev.pictor.testkit.TestImages;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/**
 * The simulator's second host, standing in for {@code replicate.delivery}: it serves the output
 * files of predictions (deterministic 64x64 PNGs) and trainings (a small tar), needs no token, and
 * records every request that carried an {@code Authorization} header anyway. Thread-safe.
 */
final class Delivery {
  private final ReplicateLedger ledger;
  private final MockWebServer server = new MockWebServer();
  private final Map<String, Long> images = new ConcurrentHashMap<>();
  private final Map<String, Long> blobs = new ConcurrentHashMap<>();
  private final long bytesPerSecond;
  private String base;

  /** {@code bytesPerSecond}: 0 serves files at once, else throttled to that rate. */
  Delivery(ReplicateLedger ledger, long bytesPerSecond) {
    this.ledger = ledger;
    this.bytesPerSecond = bytesPerSecond;
    server.setServerSocketFactory(NoDelaySockets.INSTANCE); // answers without Nagle's 40 ms wait
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

  /** Registers output {@code index} of prediction {@code id} and returns its URL. */
  String image(String id, int index, long seed) {
    String path = "/xezq/" + id + "/out-" + index + ".png";
    images.put(path, seed);
    return base + path;
  }

  /** Registers the weights of training {@code id} and returns their URL. */
  String weights(String id) {
    String path = "/xezq/" + id + "/trained_model.tar";
    blobs.put(path, (long) id.hashCode());
    return base + path;
  }

  private MockResponse serve(RecordedRequest request) throws InterruptedException {
    while (server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
      // MockWebServer keeps every request for takeRequest(); drop them so long runs stay small.
    }
    boolean auth = request.getHeaders().get("Authorization") != null;
    String path = request.getUrl().encodedPath();
    Long seed = images.get(path);
    Long blob = blobs.get(path);
    boolean get = request.getMethod().equals("GET");
    ledger.download(auth, get && (seed != null || blob != null));
    if (!get) return Responses.text(405, "text/plain", "Method not allowed");
    if (seed != null) return bytes("image/png", TestImages.png(seed, 64, 64));
    if (blob != null) {
      byte[] tar = new byte[2048];
      new Random(blob).nextBytes(tar);
      return bytes("application/x-tar", tar);
    }
    return Responses.text(404, "text/plain", "Not found");
  }

  private MockResponse bytes(String contentType, byte[] bytes) {
    MockResponse.Builder b = new MockResponse.Builder().setHeader("Content-Type", contentType).body(new Buffer().write(bytes));
    // A tenth of the rate every 100 ms: a file of bytesPerSecond bytes takes about a second.
    if (bytesPerSecond > 0) b.throttleBody(Math.max(1, bytesPerSecond / 10), 100, TimeUnit.MILLISECONDS);
    return b.build();
  }

  void close() {
    server.close();
  }
}
