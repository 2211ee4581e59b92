package dev.pictor.testkit.replicate;

import dev.pictor.testkit.internal.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import mockwebserver3.MockResponse;
import okhttp3.HttpUrl;

/** Validation shared by the create endpoints; each check returns a 422 answer or null. Stateless; thread-safe. */
final class Requests {
  private Requests() {}

  /** The body as a JSON object, or null when it is not one. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Exchange ex) {
    try {
      Object body = Json.parse(ex.body().utf8());
      return body instanceof Map ? (Map<String, Object>) body : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The schemas have {@code additionalProperties: false}: any other top-level key is refused. */
  static MockResponse unknownKeys(Map<String, Object> body, Set<String> allowed) {
    Set<String> unknown = new TreeSet<>(body.keySet());
    unknown.removeAll(allowed);
    if (unknown.isEmpty()) return null;
    return Responses.invalid("Additional property " + String.join(", ", unknown) + " is not allowed");
  }

  static MockResponse checkInput(Map<String, Object> body) {
    if (!body.containsKey("input")) return Responses.invalid("- input: input is required");
    if (!(body.get("input") instanceof Map)) return Responses.invalid("- input: Invalid type. Expected: object");
    return null;
  }

  static MockResponse checkWebhook(Map<String, Object> body) {
    Object webhook = body.get("webhook");
    if (webhook != null && (!(webhook instanceof String) || HttpUrl.parse((String) webhook) == null)) {
      return Responses.invalid("- webhook: Does not match format 'uri'");
    }
    Object filter = body.get("webhook_events_filter");
    if (filter == null) return null;
    if (!(filter instanceof List)) return Responses.invalid("- webhook_events_filter: Invalid type. Expected: array");
    for (Object event : (List<?>) filter) {
      if (!PredictionRoutes.EVENTS.contains(event)) {
        return Responses.invalid("- webhook_events_filter: " + event + " is not one of start, output, logs, completed");
      }
    }
    return null;
  }

  /** The requested {@code webhook_events_filter}, or null for the default. */
  static List<String> events(Map<String, Object> body) {
    Object filter = body.get("webhook_events_filter");
    if (!(filter instanceof List)) return null;
    List<String> events = new ArrayList<>();
    for (Object e : (List<?>) filter) events.add((String) e);
    return List.copyOf(events);
  }
}
