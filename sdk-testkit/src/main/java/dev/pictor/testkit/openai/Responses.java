package dev.pictor.testkit.openai;

import dev.pictor.testkit.internal.Json;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;

/**
 * Builds the simulator's answers: OpenAI's error object ({@code {"error": {"message", "type",
 * "param", "code"}}}, fact sheet 4.9), JSON answers, a load balancer's HTML 502, closed sockets and
 * held-back headers. Stateless; thread-safe.
 */
final class Responses {
  static final String JSON = "application/json";

  private Responses() {}

  static MockResponse.Builder json(int code, Object body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", JSON).body(Json.write(body));
  }

  static MockResponse.Builder error(int code, String message, String type, String param, String errorCode) {
    return json(code, Json.object("error", Json.object("message", message, "type", type, "param", param, "code", errorCode)));
  }

  static MockResponse.Builder invalid(Invalid problem) {
    return error(problem.status(), problem.message(), "invalid_request_error", problem.param(), problem.code());
  }

  static MockResponse.Builder unauthorized(String key) {
    String shown = key == null ? "" : ": " + (key.length() > 8 ? key.substring(0, 3) + "*****" + key.substring(key.length() - 4) : "***");
    return error(401, key == null ? "You didn't provide an API key. Provide it in the Authorization header (Bearer auth)."
        : "Incorrect API key provided" + shown + ". You can find your API key in your account settings.",
        "invalid_request_error", null, key == null ? null : "invalid_api_key");
  }

  static MockResponse.Builder badGateway() {
    return new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
        .body("<html><body><h1>502 Bad Gateway</h1></body></html>");
  }

  static MockResponse.Builder unavailable() {
    return error(503, "The engine is currently overloaded, please try again later.", "server_error", null, null)
        .setHeader("x-should-retry", "true");
  }

  static MockResponse.Builder internal() {
    return error(500, "The server had an error while processing your request. Sorry about that!", "server_error", null, null)
        .setHeader("x-should-retry", "true");
  }

  static MockResponse.Builder closeSocket() {
    return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket());
  }

  static MockResponse.Builder truncated(String json) {
    return new MockResponse.Builder().code(200).setHeader("Content-Type", JSON).body(json.substring(0, Math.max(1, json.length() / 2)));
  }

  static MockResponse.Builder delayed(MockResponse.Builder response, Duration delay) {
    return response.headersDelay(delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A request-level problem: the status, the message, the parameter and OpenAI's code. */
  record Invalid(int status, String message, String param, String code) {
    static Invalid of(String param, String code, String message) {
      return new Invalid(400, message, param, code);
    }
  }
}
