package dev.pictor.replicate.internal;

import dev.pictor.JobStatus;
import dev.pictor.ProviderException;
import dev.pictor.spi.ProviderJob;
import dev.pictor.spi.ProviderOutput;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a prediction object (from a create, a poll, a list or a webhook) into a {@link ProviderJob}:
 * status, outputs (one URL or an array; data URIs decoded as streams), the last "NN%" of the logs as
 * progress, queue time ({@code started_at - created_at}) and compute time
 * ({@code metrics.predict_time}). Thread-safe.
 */
public final class Parser {
  private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})%");
  /** A URI with a scheme and no white space: an output address, whatever its scheme. */
  private static final Pattern ADDRESS = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]{0,15}:\\S+");
  /** With webhooks the polls are only a backstop for deliveries that never come. */
  public static final Duration BACKSTOP_POLL = Duration.ofSeconds(30);

  private final boolean webhooks;

  public Parser(boolean webhooks) {
    this.webhooks = webhooks;
  }

  public static JobStatus status(String replicateStatus) {
    if (replicateStatus == null) return JobStatus.RUNNING;
    switch (replicateStatus.toLowerCase(Locale.ROOT)) {
      case "starting":
        return JobStatus.SUBMITTED;
      case "succeeded":
        return JobStatus.SUCCEEDED;
      case "failed":
        return JobStatus.FAILED;
      case "canceled":
        return JobStatus.CANCELED;
      case "aborted":
        return JobStatus.EXPIRED;
      default:
        return JobStatus.RUNNING; // "processing", and any status newer than this client
    }
  }

  public ProviderJob parse(Map<String, Object> p) {
    String id = Json.string(p, "id");
    if (id == null) {
      throw new ProviderException(Settings.PROVIDER + " answered a prediction without an id", Settings.PROVIDER, 200,
          null, null, ProviderException.Reach.REACHED, null);
    }
    String raw = Json.string(p, "status");
    JobStatus status = status(raw);
    List<ProviderOutput> outputs = status == JobStatus.SUCCEEDED ? outputs(p.get("output")) : List.of();
    if (status == JobStatus.SUCCEEDED && outputs.isEmpty() && Boolean.TRUE.equals(p.get("data_removed"))) {
      status = JobStatus.FAILED;
    }
    ProviderJob.Builder b = ProviderJob.builder(id, status).outputs(outputs);
    Instant created = time(Json.string(p, "created_at"));
    Instant started = time(Json.string(p, "started_at"));
    if (created != null && started != null && !started.isBefore(created)) b.queueDuration(Duration.between(created, started));
    Double predict = Json.number(Json.object(p, "metrics"), "predict_time");
    if (predict != null && predict >= 0) b.processingDuration(Duration.ofNanos((long) (predict * 1e9)));
    Double progress = progress(Json.string(p, "logs"));
    if (progress != null && !status.isTerminal()) b.progress(progress);
    if (status == JobStatus.FAILED) {
      String error = p.get("error") == null ? null : String.valueOf(p.get("error"));
      if (outputs.isEmpty() && "succeeded".equals(raw)) error = "the prediction succeeded but its outputs were removed (data_removed)";
      b.error(null, error == null ? "the prediction failed at Replicate" : error);
    } else if (status == JobStatus.CANCELED) {
      b.error(null, "the prediction was canceled at Replicate");
    } else if (status == JobStatus.EXPIRED) {
      b.error(null, "the prediction was aborted at Replicate before it started (deadline reached while queued)");
    }
    if (webhooks && !status.isTerminal()) b.pollAfter(BACKSTOP_POLL);
    return b.build();
  }

  static List<ProviderOutput> outputs(Object output) {
    List<ProviderOutput> out = new ArrayList<>();
    collect(output, out);
    return out;
  }

  private static void collect(Object o, List<ProviderOutput> out) {
    if (o instanceof String) {
      String s = (String) o;
      if (DataUri.is(s)) out.add(DataUri.output(s));
      // Any other address (https:, but also file:, ftp:, jar:) goes to the core, which fetches only
      // http(s) and refuses the rest by name: dropping it would end the job as a success without images.
      else if (ADDRESS.matcher(s).matches()) out.add(ProviderOutput.url(s));
    } else if (o instanceof List) {
      for (Object item : (List<?>) o) collect(item, out);
    }
  }

  /** The last percentage in the logs, as a fraction; null when there is none. */
  static Double progress(String logs) {
    if (logs == null) return null;
    Matcher m = PERCENT.matcher(logs);
    Double last = null;
    while (m.find()) {
      int v = Integer.parseInt(m.group(1));
      if (v <= 100) last = v / 100.0;
    }
    return last;
  }

  static Instant time(String s) {
    if (s == null || s.isBlank()) return null;
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException ignored) {
        return null;
      }
    }
  }
}
