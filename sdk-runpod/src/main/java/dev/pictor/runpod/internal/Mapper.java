package dev.pictor.runpod.internal;

import dev.pictor.InvalidRequestException;
import dev.pictor.spi.ProviderRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a job's body from a validated request: {@code input} (the prompt, the image, the parameters
 * under the endpoint's names, width and height as {@code size: "W*H"} for Kontext) and
 * {@code policy} from the request's deadline. Stateless.
 */
public final class Mapper {
  /** RunPod's bounds for {@code policy.executionTimeout} and {@code policy.ttl} (fact sheet 3.3). */
  static final Duration MIN_EXECUTION_TIMEOUT = Duration.ofSeconds(5);
  static final Duration MIN_TTL = Duration.ofSeconds(10);
  static final Duration MAX_POLICY = Duration.ofDays(7);

  private Mapper() {}

  /** The {@code input} object; {@code images} holds one value (URL or data URI) per input image. */
  public static Map<String, Object> input(Models.Entry entry, ProviderRequest request, List<String> images) {
    Map<String, Object> input = new LinkedHashMap<>();
    request.request().prompt().ifPresent(p -> input.put("prompt", p));
    if (!images.isEmpty()) input.put("image", images.get(0));
    Map<String, Object> params = new LinkedHashMap<>(request.parameters());
    if (entry.sizeAsStar()) {
      Object w = params.remove("width");
      Object h = params.remove("height");
      if ((w == null) != (h == null)) {
        throw new InvalidRequestException(w == null ? "height" : "width", "model " + entry.spec().id()
            + " writes width and height together as size W*H; give both or neither", Settings.PROVIDER, null);
      }
      if (w != null) input.put("size", whole(w) + "*" + whole(h));
    }
    params.forEach(input::putIfAbsent);
    return input;
  }

  /**
   * {@code policy} for a deadline: the job may neither run nor live past it, so both
   * {@code executionTimeout} and {@code ttl} are the time left, in whole milliseconds rounded up,
   * within RunPod's bounds. Null without a deadline (RunPod's defaults: 10 minutes, 24 hours).
   */
  public static Map<String, Object> policy(Instant deadline, Instant now) {
    if (deadline == null) return null;
    Duration left = Duration.between(now, deadline);
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("executionTimeout", clamp(left, MIN_EXECUTION_TIMEOUT));
    policy.put("ttl", clamp(left, MIN_TTL));
    return policy;
  }

  private static long clamp(Duration left, Duration min) {
    long ms = (left.toNanos() + 999_999) / 1_000_000;
    return Math.min(MAX_POLICY.toMillis(), Math.max(min.toMillis(), ms));
  }

  private static String whole(Object v) {
    if (v instanceof Number) return Long.toString(((Number) v).longValue());
    return v.toString();
  }
}
