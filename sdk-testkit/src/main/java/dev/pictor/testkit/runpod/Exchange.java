package dev.pictor.testkit.runpod;

import dev.pictor.testkit.internal.Json;

import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.ByteString;

/**
 * One authenticated API request on its way through the simulator: the endpoint id, the job id when
 * the path has one, the caller's key, and whether this read was picked to get a malformed answer.
 * Confined to the thread serving the request.
 */
final class Exchange {
  final RecordedRequest request;
  final String endpoint;
  final String jobId;
  final String key;
  private final boolean malformed;
  private final RunPodLedger ledger;

  Exchange(RecordedRequest request, String endpoint, String jobId, String key, boolean malformed, RunPodLedger ledger) {
    this.request = request;
    this.endpoint = endpoint;
    this.jobId = jobId;
    this.key = key;
    this.malformed = malformed;
    this.ledger = ledger;
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
