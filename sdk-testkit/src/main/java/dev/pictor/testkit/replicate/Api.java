package dev.pictor.testkit.replicate;

import dev.pictor.testkit.internal.Json;

import dev.pictor.testkit.internal.NoDelaySockets;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The API host: checks the token, applies the per-token rate limits and the read faults, then routes
 * by method and path to the endpoint handlers. MockWebServer serves each connection on its own
 * thread, so a handler may block (sync wait) without holding up other clients. Thread-safe.
 */
final class Api {
  /** One endpoint: its ledger key, whether it counts against the create limit, and its handler. */
  private record Route(String key, boolean create, Handler handler) {}

  @FunctionalInterface
  private interface Handler {
    MockResponse handle(Exchange ex) throws InterruptedException;
  }

  private static final Route NOT_FOUND = new Route("other", false, ex -> Responses.notFound());

  /** The endpoint handlers, which exist only once the port (and so the base URL) is known. */
  record Handlers(PredictionRoutes predictions, TrainingRoutes trainings, FileRoutes files, String webhookSecret) {}

  private final MockWebServer server = new MockWebServer();
  private final Set<String> tokens;
  private final Set<String> revoked;
  private final RateLimiter createLimiter;
  private final RateLimiter otherLimiter;
  private final FaultDice dice;
  private final ReplicateLedger ledger;
  private volatile Handlers handlers;

  Api(Set<String> tokens, Set<String> revoked, RateLimiter createLimiter, RateLimiter otherLimiter, FaultDice dice,
      ReplicateLedger ledger, long bodyLimit) {
    this.tokens = tokens;
    this.revoked = revoked;
    this.createLimiter = createLimiter;
    this.otherLimiter = otherLimiter;
    this.dice = dice;
    this.ledger = ledger;
    server.setBodyLimit(bodyLimit);
    server.setServerSocketFactory(NoDelaySockets.INSTANCE); // answers without Nagle's 40 ms wait
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        return serve(request);
      }
    });
  }

  /** Binds the port; the handlers come after, since their URLs need it. */
  int start(InetAddress address) throws IOException {
    server.start(address, 0);
    return server.getPort();
  }

  void handlers(Handlers handlers) {
    this.handlers = handlers;
  }

  private MockResponse serve(RecordedRequest request) throws InterruptedException {
    while (server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
      // MockWebServer keeps every request for takeRequest(); drop them so long runs stay small.
    }
    List<String> segments = request.getUrl().pathSegments();
    List<String> path = segments.size() > 1 && segments.get(0).equals("v1") ? segments.subList(1, segments.size()) : null;
    Route route = path == null ? NOT_FOUND : route(request.getMethod(), path);
    ledger.request(route.key());
    MockResponse response;
    try {
      response = handlers == null ? Responses.unavailable() : answer(request, path, route);
    } catch (RuntimeException e) {
      response = Responses.problem(500, "Internal server error", "ReplicateSimulator failed: " + e);
    }
    if (response.getOnResponseStart() == null) ledger.status(response.getCode());
    return response;
  }

  private MockResponse answer(RecordedRequest request, List<String> path, Route route) throws InterruptedException {
    String token = bearer(request.getHeaders().get("Authorization"));
    if (token == null || revoked.contains(token) || (tokens != null && !tokens.contains(token))) {
      return Responses.unauthenticated();
    }
    long wait = (route.create() ? createLimiter : otherLimiter).acquire(token);
    if (wait > 0) return Responses.throttled(wait);
    boolean read = request.getMethod().equals("GET");
    if (read && route != NOT_FOUND) {
      MockResponse failure = dice.serverError();
      if (failure != null) return failure;
    }
    boolean malformed = read && dice.draw(dice.faults().malformedJson); // counted when a 200 is cut
    return route.handler().handle(new Exchange(request, path, token, malformed, ledger));
  }

  private static String bearer(String authorization) {
    if (authorization == null) return null;
    for (String scheme : new String[] {"Bearer ", "Token "}) {
      if (authorization.regionMatches(true, 0, scheme, 0, scheme.length())) {
        String token = authorization.substring(scheme.length()).trim();
        return token.isEmpty() ? null : token;
      }
    }
    return null;
  }

  private Route route(String method, List<String> p) {
    String shape = method + " " + String.join("/", shape(p));
    switch (shape) {
      case "POST predictions": return new Route("POST /v1/predictions", true, ex -> handlers.predictions().create(ex, PredictionRoutes.Path.VERSION));
      case "GET predictions": return new Route("GET /v1/predictions", false, ex -> handlers.predictions().list(ex));
      case "GET predictions/*": return new Route("GET /v1/predictions/{id}", false, ex -> handlers.predictions().get(ex));
      case "POST predictions/*/cancel": return new Route("POST /v1/predictions/{id}/cancel", false, ex -> handlers.predictions().cancel(ex));
      case "POST models/*/*/predictions":
        return new Route("POST /v1/models/{owner}/{name}/predictions", true, ex -> handlers.predictions().create(ex, PredictionRoutes.Path.MODEL));
      case "POST deployments/*/*/predictions":
        return new Route("POST /v1/deployments/{owner}/{name}/predictions", true,
            ex -> handlers.predictions().create(ex, PredictionRoutes.Path.DEPLOYMENT));
      case "POST models": return new Route("POST /v1/models", false, ex -> handlers.trainings().createModel(ex));
      case "GET models/*/*": return new Route("GET /v1/models/{owner}/{name}", false, ex -> handlers.trainings().getModel(ex));
      case "GET models/*/*/versions": return new Route("GET /v1/models/{owner}/{name}/versions", false, ex -> handlers.trainings().versions(ex));
      case "POST models/*/*/versions/*/trainings":
        return new Route("POST /v1/models/{owner}/{name}/versions/{version_id}/trainings", false, ex -> handlers.trainings().createTraining(ex));
      case "GET trainings": return new Route("GET /v1/trainings", false, ex -> handlers.trainings().list(ex));
      case "GET trainings/*": return new Route("GET /v1/trainings/{id}", false, ex -> handlers.trainings().get(ex));
      case "POST trainings/*/cancel": return new Route("POST /v1/trainings/{id}/cancel", false, ex -> handlers.trainings().cancel(ex));
      case "POST files": return new Route("POST /v1/files", false, ex -> handlers.files().upload(ex));
      case "GET files": return new Route("GET /v1/files", false, ex -> handlers.files().list(ex));
      case "GET files/*": return new Route("GET /v1/files/{id}", false, ex -> handlers.files().get(ex));
      case "DELETE files/*": return new Route("DELETE /v1/files/{id}", false, ex -> handlers.files().delete(ex));
      case "GET files/*/download": return new Route("GET /v1/files/{id}/download", false, ex -> handlers.files().download(ex));
      case "GET webhooks/default/secret":
        return new Route("GET /v1/webhooks/default/secret", false, ex -> ex.ok(Json.object("key", handlers.webhookSecret())));
      default: return NOT_FOUND;
    }
  }

  /** The path with its variable segments replaced by {@code *}, keeping the literal ones. */
  private static List<String> shape(List<String> p) {
    String[] s = p.toArray(new String[0]);
    if (s.length == 0) return List.of();
    switch (s[0]) {
      case "predictions":
      case "trainings":
      case "files":
        if (s.length >= 2) s[1] = "*";
        break;
      case "models":
      case "deployments":
        if (s.length >= 3) {
          s[1] = "*";
          s[2] = "*";
        }
        if (s.length >= 5 && s[3].equals("versions")) s[4] = "*";
        break;
      default:
        break;
    }
    return Arrays.asList(s);
  }

  void close() {
    server.close();
  }
}
