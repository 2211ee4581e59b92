package dev.pictor.cli;

import com.squareup.moshi.JsonWriter;
import dev.pictor.Job;
import dev.pictor.JobStatus;
import dev.pictor.Money;
import dev.pictor.StoredOutput;
import dev.pictor.spi.JobRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import okio.Buffer;

/** How {@code pictor jobs} prints a stored job: one line, a block of details, or JSON. */
final class JobViews {
  private JobViews() {}

  static void requireStatus(String s) {
    try {
      JobStatus.fromWireName(s);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--status " + s + " is not a job status; use one of "
          + Arrays.stream(JobStatus.values()).map(JobStatus::wireName).toList());
    }
  }

  static String line(Job j) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-9s %s  %s/%s  %s", j.status().wireName(), j.id(),
        j.provider(), j.model(), j.createdAt()));
    j.batchId().ifPresent(id -> b.append("  batch ").append(id));
    cost(j).ifPresent(c -> b.append("  $").append(c.toPlainString()));
    for (StoredOutput o : j.outputs()) b.append("  ").append(o.location());
    j.error().ifPresent(e -> b.append("  ").append(Errors.oneLine(e.message())));
    return b.toString();
  }

  static void details(Job j, JobRecord r, PrintStream out) {
    out.println("id:          " + j.id());
    out.println("status:      " + j.status().wireName());
    out.println("provider:    " + j.provider() + j.providerJobId().map(p -> " (" + p + ")").orElse(""));
    out.println("model:       " + j.model() + "  action " + j.action().wireName());
    j.request().prompt().ifPresent(p -> out.println("prompt:      " + Errors.oneLine(p)));
    j.batchId().ifPresent(b -> out.println("batch:       " + b));
    j.parentJobId().ifPresent(p -> out.println("after job:   " + p));
    out.println("created:     " + j.createdAt());
    j.completedAt().ifPresent(t -> out.println("completed:   " + t));
    out.println("attempts:    " + j.attempts());
    j.token().ifPresent(t -> out.println("token:       " + t));
    j.estimatedCost().ifPresent(c -> out.println("estimated:   " + c));
    j.actualCost().ifPresent(c -> out.println("cost:        " + c));
    for (StoredOutput o : j.outputs()) out.println("output " + o.index() + ":    " + o.location() + " (" + o.contentType() + ", " + o.size() + " bytes)");
    j.error().ifPresent(e -> out.println("error:       " + e.type() + (e.code() == null ? "" : "/" + e.code()) + ": " + Errors.oneLine(e.message())));
    r.leaseOwner().ifPresent(o -> out.println("leased to:   " + o + r.leaseExpiresAt().map(t -> " until " + t).orElse("")));
  }

  static String jsonList(List<Job> jobs) {
    return write(w -> {
      w.beginObject().name("jobs").beginArray();
      for (Job j : jobs) object(w, j);
      w.endArray().endObject();
    });
  }

  static String json(Job j) {
    return write(w -> object(w, j));
  }

  private static void object(JsonWriter w, Job j) throws IOException {
    w.beginObject();
    w.name("id").value(j.id());
    w.name("status").value(j.status().wireName());
    w.name("provider").value(j.provider());
    w.name("model").value(j.model());
    w.name("action").value(j.action().wireName());
    w.name("providerJobId").value(j.providerJobId().orElse(null));
    w.name("batchId").value(j.batchId().orElse(null));
    w.name("createdAt").value(j.createdAt().toString());
    w.name("completedAt").value(j.completedAt().map(Object::toString).orElse(null));
    w.name("attempts").value(j.attempts());
    w.name("costUsd");
    BigDecimal c = cost(j).orElse(null);
    if (c == null) w.nullValue();
    else w.value(new BigDecimal(c.toPlainString()));
    w.name("files").beginArray();
    for (StoredOutput o : j.outputs()) w.value(o.location());
    w.endArray();
    w.name("error").value(j.error().map(e -> e.message()).orElse(null));
    w.endObject();
  }

  private static Optional<BigDecimal> cost(Job j) {
    return j.actualCost().filter(m -> m.currency().equals("USD")).map(Money::amount);
  }

  private interface Body {
    void write(JsonWriter w) throws IOException;
  }

  private static String write(Body body) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setSerializeNulls(true);
      body.write(w);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }
}
