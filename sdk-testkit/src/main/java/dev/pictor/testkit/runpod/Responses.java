package dev.pictor.testkit.runpod;

import dev.pictor.testkit.internal.Json;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;

/**
 * Builds the simulator's HTTP answers. RunPod does not document the body of its HTTP errors, so every
 * 4xx and the 503 carry {@code {"error": "..."}} (the field jobs use for their own errors); the 502 is
 * HTML, as a load balancer sends it. Stateless; thread-safe.
 */
final class Responses {
  static final String JSON = "application/json";

  private Responses() {}

  static MockResponse json(int code, Object body) {
    return text(code, JSON, Json.write(body));
  }

  static MockResponse text(int code, String contentType, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", contentType).body(body).build();
  }

  static MockResponse error(int code, String message) {
    return json(code, Json.object("error", message));
  }

  static MockResponse badRequest(String message) {
    return error(400, message);
  }

  static MockResponse notFound(String message) {
    return error(404, message);
  }

  static MockResponse unauthorized() {
    return error(401, "Unauthorized: missing, unknown or revoked API key");
  }

  /** Over a limit: 429 and no {@code Retry-After} (RunPod documents none). */
  static MockResponse throttled(String operation, RateLimiter.Limit limit) {
    return error(429, "Rate limit exceeded for " + operation + " (" + limit + "); retry with exponential backoff");
  }

  static MockResponse tooLarge(String operation, long max) {
    return error(413, "Payload too large: " + operation + " accepts at most " + max + " bytes");
  }

  /** A gateway failure as a load balancer sends it: HTML, not JSON. */
  static MockResponse badGateway() {
    return text(502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>");
  }

  static MockResponse unavailable() {
    return error(503, "Service temporarily unavailable; please retry");
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
