package dev.pictor.testkit.runpod;

import dev.pictor.testkit.internal.NoDelaySockets;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The API host: routes {@code /v2/{endpoint_id}/...} by method and path, checks the key (401), the
 * endpoint id (404), the per key and endpoint rate limit of the operation (429) and the read faults,
 * then hands the request to {@link Routes}. MockWebServer serves each connection on its own thread,
 * so a {@code /runsync} that blocks does not hold up other clients. Thread-safe.
 */
final class Api {
  /** The operations of a queue-based endpoint. */
  enum Op { RUN, RUNSYNC, STATUS, CANCEL, RETRY, PURGE, HEALTH }

  private record Route(String key, Op op, String endpoint, String jobId) {}

  private static final Route OTHER = new Route("other", null, null, null);

  private final MockWebServer server = new MockWebServer();
  private final Set<String> keys;
  private final Set<String> revoked;
  private final Set<String> endpoints;
  private final Map<Op, RateLimiter> limiters;
  private final FaultDice dice;
  private final RunPodLedger ledger;
  private volatile Routes routes;

  Api(Set<String> keys, Set<String> revoked, Set<String> endpoints, Map<Op, RateLimiter> limiters, FaultDice dice,
      RunPodLedger ledger) {
    this.keys = keys;
    this.revoked = revoked;
    this.endpoints = endpoints;
    this.limiters = limiters;
    this.dice = dice;
    this.ledger = ledger;
    server.setServerSocketFactory(NoDelaySockets.INSTANCE);
    server.setBodyLimit(Routes.RUNSYNC_MAX_BYTES + 1); // larger bodies are measured, not kept
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

  void routes(Routes routes) {
    this.routes = routes;
  }

  private MockResponse serve(RecordedRequest request) throws InterruptedException {
    while (server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
      // MockWebServer keeps every request for takeRequest(); drop them so long runs stay small.
    }
    Route route = route(request.getMethod(), request.getUrl().pathSegments());
    ledger.request(route.key());
    MockResponse response;
    try {
      response = routes == null ? Responses.unavailable() : answer(request, route);
    } catch (RuntimeException e) {
      response = Responses.error(500, "RunPodSimulator failed: " + e);
    }
    if (response.getOnResponseStart() == null) ledger.status(response.getCode());
    return response;
  }

  private MockResponse answer(RecordedRequest request, Route route) throws InterruptedException {
    String key = key(request.getHeaders().get("Authorization"));
    if (key == null || revoked.contains(key) || (keys != null && !keys.contains(key))) return Responses.unauthorized();
    if (route == OTHER) return Responses.notFound("Not found: " + request.getMethod() + " " + request.getUrl().encodedPath());
    if (endpoints != null && !endpoints.contains(route.endpoint())) {
      return Responses.notFound("Endpoint not found: " + route.endpoint());
    }
    RateLimiter limiter = limiters.get(route.op());
    if (limiter != null && !limiter.acquire(key + "\n" + route.endpoint())) {
      return Responses.throttled(route.key(), limiter.limit());
    }
    boolean read = request.getMethod().equals("GET");
    if (read) {
      MockResponse failure = dice.serverError();
      if (failure != null) return failure;
    }
    boolean malformed = read && dice.draw(dice.faults().malformedJson); // counted when a 200 is cut
    Exchange ex = new Exchange(request, route.endpoint(), route.jobId(), key, malformed, ledger);
    switch (route.op()) {
      case RUN: return routes.run(ex, false);
      case RUNSYNC: return routes.run(ex, true);
      case STATUS: return routes.status(ex);
      case CANCEL: return routes.cancel(ex);
      case RETRY: return routes.retry(ex);
      case PURGE: return routes.purge(ex);
      case HEALTH: return routes.health(ex);
      default: throw new AssertionError(route.op());
    }
  }

  /** The key of {@code Authorization: Bearer <key>}, or of a bare key (RunPod's docs show both). */
  static String key(String authorization) {
    if (authorization == null) return null;
    String value = authorization.trim();
    if (value.equalsIgnoreCase("Bearer")) return null;
    if (value.regionMatches(true, 0, "Bearer ", 0, 7)) value = value.substring(7).trim();
    return value.isEmpty() || value.contains(" ") ? null : value;
  }

  private static Route route(String method, List<String> p) {
    if (p.size() < 3 || p.size() > 4 || !p.get(0).equals("v2") || p.get(1).isEmpty()) return OTHER;
    String endpoint = p.get(1);
    String op = p.get(2);
    if (p.size() == 3) {
      switch (method + " " + op) {
        case "POST run": return new Route("POST /v2/{endpoint}/run", Op.RUN, endpoint, null);
        case "POST runsync": return new Route("POST /v2/{endpoint}/runsync", Op.RUNSYNC, endpoint, null);
        case "POST purge-queue": return new Route("POST /v2/{endpoint}/purge-queue", Op.PURGE, endpoint, null);
        case "GET health": return new Route("GET /v2/{endpoint}/health", Op.HEALTH, endpoint, null);
        default: return OTHER;
      }
    }
    String id = p.get(3);
    if (id.isEmpty()) return OTHER;
    switch (method + " " + op) {
      case "GET status": return new Route("GET /v2/{endpoint}/status/{id}", Op.STATUS, endpoint, id);
      case "POST cancel": return new Route("POST /v2/{endpoint}/cancel/{id}", Op.CANCEL, endpoint, id);
      case "POST retry": return new Route("POST /v2/{endpoint}/retry/{id}", Op.RETRY, endpoint, id);
      default: return OTHER;
    }
  }

  void close() {
    server.close();
  }
}
