package dev.pictor.testkit.openai;

import dev.pictor.testkit.internal.NoDelaySockets;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The API host: routes {@code POST /v1/images/generations}, {@code POST /v1/images/edits} and the
 * DALL-E image URLs ({@code GET /dalle/{file}}), checks the key (401 with OpenAI's text, the key
 * shown masked) and the key's request budget (429 with {@code retry-after-ms} and
 * {@code retry-after}), then hands the request to {@link Images}. Every answer to a known key carries
 * {@code x-request-id}, {@code openai-version}, {@code openai-processing-ms} and the
 * {@code x-ratelimit-*-requests} headers. MockWebServer serves each connection on its own thread, so
 * a slow answer does not hold up others. Thread-safe.
 */
final class Api {
  static final String GENERATIONS = "POST /v1/images/generations";
  static final String EDITS = "POST /v1/images/edits";
  static final String FILES = "GET /dalle/{file}";

  private final MockWebServer server = new MockWebServer();
  private final Set<String> keys;
  private final Limiter limiter;
  private final OpenAiLedger ledger;
  private volatile Images images;

  Api(Set<String> keys, Limiter limiter, OpenAiLedger ledger) {
    this.keys = keys;
    this.limiter = limiter;
    this.ledger = ledger;
    server.setServerSocketFactory(NoDelaySockets.INSTANCE);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        return serve(request);
      }
    });
  }

  int start(InetAddress address) throws IOException {
    server.start(address, 0);
    return server.getPort();
  }

  void images(Images images) {
    this.images = images;
  }

  private MockResponse serve(RecordedRequest request) throws InterruptedException {
    while (server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
      // MockWebServer keeps every request for takeRequest(); drop them so long runs stay small.
    }
    String route = route(request.getMethod(), request.getUrl().pathSegments());
    ledger.request(route);
    MockResponse response;
    try {
      response = answer(request, route);
    } catch (RuntimeException e) {
      response = Responses.error(500, "OpenAiSimulator failed: " + e, "server_error", null, null).build();
    }
    if (response.getOnResponseStart() == null) ledger.status(response.getCode());
    return response;
  }

  private MockResponse answer(RecordedRequest request, String route) throws InterruptedException {
    if (route.equals(FILES)) {
      ledger.download(request.getHeaders().get("Authorization") != null);
      return images.file(request.getUrl().pathSegments().get(1));
    }
    String key = key(request.getHeaders().get("Authorization"));
    if (key == null || (keys != null && !keys.contains(key))) return Responses.unauthorized(key).build();
    String requestId = "req_" + UUID.randomUUID().toString().replace("-", "");
    if (route.equals("other")) {
      return Responses.error(404, "Invalid URL (" + request.getMethod() + " " + request.getUrl().encodedPath() + ")",
          "invalid_request_error", null, null).setHeader("x-request-id", requestId).build();
    }
    Limiter.Reading budget = limiter.take(key);
    MockResponse.Builder b;
    if (!budget.granted()) {
      double seconds = budget.retryAfterMillis() / 1000.0;
      b = Responses.error(429, String.format(java.util.Locale.ROOT, "Rate limit reached for images in organization org-simulator"
          + " on requests per min (RPM): Limit %d, Used %d, Requested 1. Please try again in %.3fs.", budget.limit(), budget.limit(), seconds),
          "requests", null, "rate_limit_exceeded")
          .setHeader("retry-after-ms", Long.toString(budget.retryAfterMillis()))
          .setHeader("retry-after", Long.toString((budget.retryAfterMillis() + 999) / 1000));
    } else {
      b = images.serve(request, key, route.equals(EDITS));
    }
    return b.setHeader("x-request-id", requestId)
        .setHeader("openai-version", "2020-10-01")
        .setHeader("x-ratelimit-limit-requests", Long.toString(budget.limit()))
        .setHeader("x-ratelimit-remaining-requests", Long.toString(budget.remaining()))
        .setHeader("x-ratelimit-reset-requests", Limiter.goDuration(budget.resetMillis()))
        .build();
  }

  /** The key of {@code Authorization: Bearer <key>}, or null. */
  static String key(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
    String value = authorization.substring(7).trim();
    return value.isEmpty() || value.contains(" ") ? null : value;
  }

  private static String route(String method, List<String> p) {
    if (method.equals("GET") && p.size() == 2 && p.get(0).equals("dalle") && !p.get(1).isEmpty()) return FILES;
    if (!method.equals("POST") || p.size() != 3 || !p.get(0).equals("v1") || !p.get(1).equals("images")) return "other";
    if (p.get(2).equals("generations")) return GENERATIONS;
    if (p.get(2).equals("edits")) return EDITS;
    return "other";
  }

  String base() {
    return "http://" + server.getHostName() + ":" + server.getPort();
  }

  void close() {
    server.close();
  }
}
