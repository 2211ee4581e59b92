package dev.pictor.testkit.replicate;

import dev.pictor.testkit.internal.Json;

import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okio.ByteString;

/**
 * One authenticated API request on its way through the simulator: the path after {@code /v1}, the
 * caller's token, and whether this read was picked to get a malformed answer. Confined to the thread
 * serving the request.
 */
final class Exchange {
  final RecordedRequest request;
  final List<String> path;
  final String token;
  private final boolean malformed;
  private final ReplicateLedger ledger;

  Exchange(RecordedRequest request, List<String> path, String token, boolean malformed, ReplicateLedger ledger) {
    this.request = request;
    this.path = path;
    this.token = token;
    this.malformed = malformed;
    this.ledger = ledger;
  }

  String segment(int i) {
    return path.get(i);
  }

  String header(String name) {
    return request.getHeaders().get(name);
  }

  HttpUrl url() {
    return request.getUrl();
  }

  String query(String name) {
    return request.getUrl().queryParameter(name);
  }

  ByteString body() {
    ByteString body = request.getBody();
    return body == null ? ByteString.EMPTY : body;
  }

  long bodySize() {
    return request.getBodySize();
  }

  /** A 200 JSON answer; cut in half when this read drew the {@code malformedJson} fault. */
  MockResponse ok(Map<String, Object> body) {
    String json = Json.write(body);
    if (malformed) {
      ledger.fault("malformedJson");
      return Responses.truncated(json);
    }
    return Responses.text(200, Responses.JSON, json);
  }
}
