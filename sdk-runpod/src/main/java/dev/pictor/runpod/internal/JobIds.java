package dev.pictor.runpod.internal;

import dev.pictor.InvalidRequestException;

/**
 * Pictor's id for a RunPod job: {@code endpointId/jobId}. RunPod's paths need both
 * ({@code /v2/{endpoint}/status/{job}}) while the core hands a provider only its job id back, so the
 * endpoint travels inside it and survives restarts. Neither part ever contains a slash. Stateless.
 */
public final class JobIds {
  private JobIds() {}

  public static String of(String endpointId, String runpodJobId) {
    return endpointId + "/" + runpodJobId;
  }

  public static String endpoint(String id) {
    return parts(id)[0];
  }

  public static String runpodId(String id) {
    return parts(id)[1];
  }

  private static String[] parts(String id) {
    int slash = id == null ? -1 : id.indexOf('/');
    if (slash <= 0 || slash == id.length() - 1) {
      throw new InvalidRequestException("providerJobId", "'" + id + "' is not a Pictor RunPod job id (endpointId/jobId)");
    }
    return new String[] {id.substring(0, slash), id.substring(slash + 1)};
  }
}
