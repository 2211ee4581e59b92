package dev.pictor.testkit.replicate;

import dev.pictor.testkit.internal.Json;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;

/** Builds the simulator's HTTP answers in Replicate's shapes. Stateless; thread-safe. */
final class Responses {
  static final String JSON = "application/json";
  static final String PROBLEM = "application/problem+json";

  private Responses() {}

  static MockResponse json(int code, Object body) {
    return text(code, JSON, Json.write(body));
  }

  static MockResponse text(int code, String contentType, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", contentType).body(body).build();
  }

  /** An RFC 7807 problem with {@code title}, {@code detail} and {@code status}, as Replicate sends. */
  static MockResponse problem(int code, String title, String detail) {
    return text(code, PROBLEM, Json.write(Json.object("title", title, "detail", detail, "status", code)));
  }

  static MockResponse notFound() {
    return problem(404, "Not found", "The requested resource could not be found.");
  }

  static MockResponse invalid(String detail) {
    return problem(422, "Input validation failed", detail);
  }

  static MockResponse unauthenticated() {
    return problem(401, "Unauthenticated", "You did not pass a valid authentication token");
  }

  /** Replicate's throttling answer: only {@code detail}, and no {@code Retry-After} header. */
  static MockResponse throttled(long seconds) {
    return text(429, PROBLEM, Json.write(Json.object(
        "detail", "Request was throttled. Your rate limit resets in ~" + Math.max(1, seconds) + "s.")));
  }

  /** A gateway failure as a load balancer sends it: HTML, not JSON. */
  static MockResponse badGateway() {
    return text(502, "text/html", "<html>Bad gateway</html>");
  }

  static MockResponse unavailable() {
    return problem(503, "Service unavailable", "The service is temporarily unavailable. Please try again.");
  }

  static MockResponse noContent() {
    return new MockResponse.Builder().code(204).build();
  }

  /** Closes the connection instead of answering: the client sees the socket end without a response. */
  static MockResponse closeSocket() {
    return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
  }

  /** The same answer with its headers held back for {@code delay}. */
  static MockResponse delayed(MockResponse response, Duration delay) {
    return response.newBuilder().headersDelay(delay.toMillis(), TimeUnit.MILLISECONDS).build();
  }

  /** A 200 whose JSON body is cut in half. */
  static MockResponse truncated(String json) {
    return text(200, JSON, json.substring(0, Math.max(1, json.length() / 2)));
  }
}
