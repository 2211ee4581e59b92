package dev.pictor.runpod.internal;

import dev.pictor.JobStatus;
import dev.pictor.Money;
import dev.pictor.ProviderException;
import dev.pictor.spi.ProviderJob;
import dev.pictor.spi.ProviderOutput;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads RunPod's job envelope ({@code /run}, {@code /runsync}, {@code /status}, a webhook) into a
 * {@link ProviderJob}: the status mapped onto the core's, {@code delayTime} as the queue time,
 * {@code executionTime} as the processing time, {@code output.cost} as the actual cost and the
 * output's images. Thread-safe.
 */
public final class Parser {
  /** With webhooks the polls are only a backstop for deliveries that never come. */
  public static final Duration BACKSTOP_POLL = Duration.ofSeconds(30);

  private final boolean webhooks;

  public Parser(boolean webhooks) {
    this.webhooks = webhooks;
  }

  /** RunPod's status onto the core's; a status newer than this client counts as running. */
  public static JobStatus status(String runpodStatus) {
    if (runpodStatus == null) return JobStatus.RUNNING;
    switch (runpodStatus.toUpperCase(Locale.ROOT)) {
      case "IN_QUEUE":
        return JobStatus.SUBMITTED;
      case "COMPLETED":
        return JobStatus.SUCCEEDED;
      case "FAILED":
        return JobStatus.FAILED;
      case "CANCELLED":
      case "CANCELED":
        return JobStatus.CANCELED;
      case "TIMED_OUT":
        return JobStatus.EXPIRED;
      default:
        return JobStatus.RUNNING; // IN_PROGRESS, RUNNING
    }
  }

  /** The job in {@code envelope}, on {@code endpointId}. */
  public ProviderJob parse(String endpointId, Map<String, Object> envelope) {
    String id = Json.string(envelope, "id");
    if (id == null || id.isBlank() || id.indexOf('/') >= 0) {
      throw new ProviderException(Settings.PROVIDER + " answered a job without a usable id: " + Errors.plain(String.valueOf(envelope)),
          Settings.PROVIDER, 200, null, null, ProviderException.Reach.REACHED, null);
    }
    String raw = Json.string(envelope, "status");
    JobStatus status = status(raw);
    Object output = envelope.get("output");
    List<ProviderOutput> outputs = status == JobStatus.SUCCEEDED ? Outputs.of(output) : List.of();
    if (status == JobStatus.SUCCEEDED && outputs.isEmpty()) status = JobStatus.FAILED;
    ProviderJob.Builder b = ProviderJob.builder(JobIds.of(endpointId, id), status).outputs(outputs);
    millis(envelope, "delayTime", b, true);
    millis(envelope, "executionTime", b, false);
    Money cost = cost(output);
    if (cost != null) b.cost(cost);
    switch (status) {
      case FAILED:
        b.error(null, "COMPLETED".equalsIgnoreCase(raw)
            ? "the job completed at RunPod without an image in its output: " + Errors.plain(String.valueOf(output))
            : error(envelope));
        break;
      case CANCELED:
        b.error(null, "the job was cancelled at RunPod");
        break;
      case EXPIRED:
        b.error(null, "the job timed out at RunPod (TIMED_OUT): it expired before a worker picked it up, or its worker"
            + " stopped reporting before policy.executionTimeout");
        break;
      default:
        if (webhooks && !status.isTerminal()) b.pollAfter(BACKSTOP_POLL);
    }
    return b.build();
  }

  /** A job {@code /status} answers 404 for: its result is gone, so the job ends expired, saying why. */
  public static ProviderJob gone(String endpointId, String runpodId) {
    boolean sync = runpodId.startsWith("sync-");
    String retention = sync
        ? "RunPod keeps a /runsync job's result for 1 minute after it ends (a /run job's for 30 minutes)"
        : "RunPod keeps a /run job's result for 30 minutes after it ends (a /runsync job's for 1 minute)";
    return ProviderJob.builder(JobIds.of(endpointId, runpodId), JobStatus.EXPIRED)
        .error("not_found", "job " + runpodId + " no longer exists on endpoint " + endpointId + " (404 on /status): "
            + retention + ", and a job whose policy.ttl passed is deleted even while it runs")
        .build();
  }

  private static String error(Map<String, Object> envelope) {
    Object e = envelope.get("error");
    if (e == null || String.valueOf(e).isBlank()) return "the job failed at RunPod without an error message";
    return "the job failed at RunPod: " + Errors.plain(String.valueOf(e));
  }

  private static void millis(Map<String, Object> envelope, String key, ProviderJob.Builder b, boolean queue) {
    Double ms = Json.number(envelope, key);
    if (ms == null || ms < 0 || ms.isNaN() || ms.isInfinite()) return;
    Duration d = Duration.ofNanos((long) (ms * 1_000_000));
    if (queue) b.queueDuration(d);
    else b.processingDuration(d);
  }

  /** {@code output.cost} in US dollars, when the endpoint reports it. */
  @SuppressWarnings("unchecked")
  static Money cost(Object output) {
    if (!(output instanceof Map)) return null;
    Object c = ((Map<String, Object>) output).get("cost");
    if (!(c instanceof Number)) return null;
    double v = ((Number) c).doubleValue();
    if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) return null;
    return Money.usd(BigDecimal.valueOf(v).toPlainString());
  }
}
