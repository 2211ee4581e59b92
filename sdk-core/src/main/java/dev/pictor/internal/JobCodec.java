package dev.pictor.internal;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.pictor.Action;
import dev.pictor.GenerationRequest;
import dev.pictor.ImageInput;
import dev.pictor.Job;
import dev.pictor.JobError;
import dev.pictor.JobStatus;
import dev.pictor.Money;
import dev.pictor.StoredOutput;
import dev.pictor.spi.JobRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/**
 * Turns a {@link Job} into a {@link JobRecord} (indexed fields plus a versioned JSON payload) and
 * back. Written with Moshi's streaming writer: it runs on every transition of every job. Input
 * images held only in memory are recorded by name, since their bytes are not kept.
 */
public final class JobCodec {
  public static final int PAYLOAD_VERSION = 1;
  /** The name prefix that marks an in-memory input that did not survive a restart. */
  public static final String NOT_KEPT = "not-kept:";

  private JobCodec() {}

  public static JobRecord toRecord(Job job, long version) {
    return toRecord(job, version, null, null);
  }

  /**
   * The record of {@code job}; {@code owner}, the client instance following it, holds the record's
   * lease until {@code leaseUntil} (null: no expiry) while the job is not terminal.
   */
  public static JobRecord toRecord(Job job, long version, String owner, Instant leaseUntil) {
    GenerationRequest r = job.request();
    return JobRecord.builder()
        .id(job.id())
        .kind(JobRecord.KIND_JOB)
        .parentId(job.batchId().orElse(null))
        .status(job.status().wireName())
        .action(r.action().wireName())
        .model(r.model())
        .provider(job.provider())
        .externalId(job.providerJobId().orElse(null))
        .owner(r.owner().orElse(null))
        .tags(r.tags())
        .createdAt(job.createdAt())
        .updatedAt(latest(job))
        .version(version)
        .lease(job.status().isTerminal() ? null : owner, job.status().isTerminal() || owner == null ? null : leaseUntil)
        .payload(PAYLOAD_VERSION, payload(job))
        .build();
  }

  private static Instant latest(Job j) {
    if (j.completedAt().isPresent()) return j.completedAt().get();
    if (j.startedAt().isPresent()) return j.startedAt().get();
    if (j.submittedAt().isPresent()) return j.submittedAt().get();
    return j.submitStartedAt().orElse(j.createdAt());
  }

  static String payload(Job job) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      w.name("request");
      writeRequest(w, job.request());
      opt(w, "providerJobId", job.providerJobId().orElse(null));
      opt(w, "parentJob", job.parentJobId().orElse(null));
      opt(w, "submittedAt", job.submittedAt().orElse(null));
      opt(w, "startedAt", job.startedAt().orElse(null));
      opt(w, "completedAt", job.completedAt().orElse(null));
      opt(w, "submitStartedAt", job.submitStartedAt().orElse(null));
      if (job.queueDuration().isPresent()) w.name("queueMs").value(job.queueDuration().get().toMillis());
      if (job.processingDuration().isPresent()) w.name("processingMs").value(job.processingDuration().get().toMillis());
      w.name("attempts").value(job.attempts());
      opt(w, "token", job.token().orElse(null));
      money(w, "estimatedCost", job.estimatedCost().orElse(null));
      money(w, "actualCost", job.actualCost().orElse(null));
      if (!job.outputs().isEmpty()) {
        w.name("outputs").beginArray();
        for (StoredOutput o : job.outputs()) {
          w.beginObject().name("index").value(o.index()).name("location").value(o.location())
              .name("contentType").value(o.contentType()).name("size").value(o.size());
          if (!o.metadata().isEmpty()) {
            w.name("metadata").beginObject();
            for (Map.Entry<String, String> e : o.metadata().entrySet()) w.name(e.getKey()).value(e.getValue());
            w.endObject();
          }
          w.endObject();
        }
        w.endArray();
      }
      if (job.error().isPresent()) {
        JobError e = job.error().get();
        w.name("error").beginObject();
        opt(w, "type", e.type());
        opt(w, "code", e.code());
        opt(w, "message", e.message());
        w.endObject();
      }
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  static void writeRequest(JsonWriter w, GenerationRequest r) throws IOException {
    w.beginObject();
    w.name("action").value(r.action().wireName());
    w.name("model").value(r.model());
    opt(w, "provider", r.provider().orElse(null));
    opt(w, "prompt", r.prompt().orElse(null));
    opt(w, "negativePrompt", r.negativePrompt().orElse(null));
    if (!r.images().isEmpty()) {
      w.name("images").beginArray();
      for (ImageInput in : r.images()) {
        w.beginObject();
        if (in.sourceJob().isPresent()) w.name("job").value(in.sourceJob().get()).name("n").value(in.sourceIndex());
        else if (in.path().isPresent()) w.name("path").value(in.path().get().toString());
        else if (in.url().isPresent()) w.name("url").value(in.url().get().toString());
        else w.name("memory").value(in.name().startsWith(NOT_KEPT) ? in.name().substring(NOT_KEPT.length()) : in.name());
        w.endObject();
      }
      w.endArray();
    }
    opt(w, "aspectRatio", r.aspectRatio().orElse(null));
    if (r.width().isPresent()) w.name("width").value(r.width().get()).name("height").value(r.height().get());
    if (r.seed().isPresent()) w.name("seed").value(r.seed().get());
    if (r.steps().isPresent()) w.name("steps").value(r.steps().get());
    if (r.guidance().isPresent()) w.name("guidance").value(r.guidance().get());
    if (r.numOutputs().isPresent()) w.name("numOutputs").value(r.numOutputs().get());
    opt(w, "outputFormat", r.outputFormat().orElse(null));
    if (r.upscaleFactor().isPresent()) w.name("upscaleFactor").value(r.upscaleFactor().get());
    if (!r.parameters().isEmpty()) {
      w.name("parameters").beginObject();
      for (Map.Entry<String, Object> e : r.parameters().entrySet()) {
        w.name(e.getKey());
        Object v = e.getValue();
        if (v instanceof Number) w.value((Number) v);
        else if (v instanceof Boolean) w.value((Boolean) v);
        else w.value(String.valueOf(v));
      }
      w.endObject();
    }
    if (r.timeout().isPresent()) w.name("timeoutMs").value(r.timeout().get().toMillis());
    opt(w, "deadline", r.deadline().orElse(null));
    opt(w, "owner", r.owner().orElse(null));
    if (!r.tags().isEmpty()) {
      w.name("tags").beginArray();
      for (String t : r.tags()) w.value(t);
      w.endArray();
    }
    if (!r.chain().isEmpty()) {
      w.name("chain").beginArray();
      for (dev.pictor.ChainStep step : r.chain()) {
        w.beginObject().name("action").value(step.action().wireName());
        opt(w, "model", step.model());
        if (step.factor() != null) w.name("factor").value(step.factor());
        w.endObject();
      }
      w.endArray();
    }
    w.endObject();
  }

  private static void opt(JsonWriter w, String name, Object value) throws IOException {
    if (value != null) w.name(name).value(value.toString());
  }

  private static void money(JsonWriter w, String name, Money m) throws IOException {
    if (m == null) return;
    w.name(name).beginObject().name("amount").value(m.amount().toPlainString()).name("currency").value(m.currency()).endObject();
  }

  /** Rebuilds a job from its record. */
  @SuppressWarnings("unchecked")
  public static Job fromRecord(JobRecord record) {
    if (record.payloadVersion() > PAYLOAD_VERSION) {
      throw new IllegalStateException("job " + record.id() + " has payload version " + record.payloadVersion()
          + "; this Pictor reads up to " + PAYLOAD_VERSION + ": upgrade Pictor");
    }
    Map<String, Object> p;
    try {
      p = (Map<String, Object>) JsonReader.of(new Buffer().writeUtf8(record.payload())).readJsonValue();
    } catch (IOException e) {
      throw new UncheckedIOException("job " + record.id() + " has an unreadable payload", e);
    }
    Job.Builder b = Job.builder()
        .id(record.id())
        .status(JobStatus.fromWireName(record.status()))
        .provider(record.provider().orElse("?"))
        .batchId(record.parentId().orElse(null))
        .createdAt(record.createdAt())
        .request(readRequest((Map<String, Object>) p.get("request")))
        .providerJobId((String) p.get("providerJobId"))
        .parentJobId((String) p.get("parentJob"))
        .submittedAt(instant(p.get("submittedAt")))
        .startedAt(instant(p.get("startedAt")))
        .completedAt(instant(p.get("completedAt")))
        .submitStartedAt(instant(p.get("submitStartedAt")))
        .queueDuration(millis(p.get("queueMs")))
        .processingDuration(millis(p.get("processingMs")))
        .attempts(p.get("attempts") == null ? 0 : ((Number) p.get("attempts")).intValue())
        .token((String) p.get("token"))
        .estimatedCost(money(p.get("estimatedCost")))
        .actualCost(money(p.get("actualCost")));
    List<StoredOutput> outputs = new ArrayList<>();
    if (p.get("outputs") != null) {
      for (Object o : (List<Object>) p.get("outputs")) {
        Map<String, Object> m = (Map<String, Object>) o;
        outputs.add(new StoredOutput(((Number) m.get("index")).intValue(), (String) m.get("location"),
            (String) m.get("contentType"), ((Number) m.get("size")).longValue(), (Map<String, String>) m.get("metadata")));
      }
    }
    b.outputs(outputs);
    if (p.get("error") != null) {
      Map<String, Object> e = (Map<String, Object>) p.get("error");
      b.error(new JobError((String) e.get("type"), (String) e.get("code"), (String) e.get("message")));
    }
    return b.build();
  }

  @SuppressWarnings("unchecked")
  static GenerationRequest readRequest(Map<String, Object> m) {
    GenerationRequest.Builder b = GenerationRequest.builder(Action.fromWireName((String) m.get("action")), (String) m.get("model"));
    b.provider((String) m.get("provider"));
    b.prompt((String) m.get("prompt"));
    b.negativePrompt((String) m.get("negativePrompt"));
    if (m.get("images") != null) {
      for (Object o : (List<Object>) m.get("images")) {
        Map<String, Object> img = (Map<String, Object>) o;
        if (img.get("job") != null) b.image(ImageInput.fromJob((String) img.get("job"), intOf(img.get("n"))));
        else if (img.get("path") != null) b.image(ImageInput.of(Path.of((String) img.get("path"))));
        else if (img.get("url") != null) b.image(ImageInput.ofUrl((String) img.get("url")));
        else b.image(ImageInput.of(new byte[0], NOT_KEPT + img.get("memory")));
      }
    }
    b.aspectRatio((String) m.get("aspectRatio"));
    if (m.get("width") != null) b.size(intOf(m.get("width")), intOf(m.get("height")));
    if (m.get("seed") != null) b.seed(((Number) m.get("seed")).longValue());
    if (m.get("steps") != null) b.steps(intOf(m.get("steps")));
    if (m.get("guidance") != null) b.guidance(((Number) m.get("guidance")).doubleValue());
    if (m.get("numOutputs") != null) b.numOutputs(intOf(m.get("numOutputs")));
    b.outputFormat((String) m.get("outputFormat"));
    if (m.get("upscaleFactor") != null) b.upscaleFactor(((Number) m.get("upscaleFactor")).doubleValue());
    if (m.get("parameters") != null) {
      for (Map.Entry<String, Object> e : ((Map<String, Object>) m.get("parameters")).entrySet()) {
        Object v = e.getValue();
        if (v instanceof Double && ((Double) v) == Math.rint((Double) v) && !((Double) v).isInfinite()) v = ((Double) v).longValue();
        b.parameter(e.getKey(), v);
      }
    }
    if (m.get("timeoutMs") != null) b.timeout(Duration.ofMillis(((Number) m.get("timeoutMs")).longValue()));
    b.deadline(instant(m.get("deadline")));
    b.owner((String) m.get("owner"));
    if (m.get("tags") != null) for (Object t : (List<Object>) m.get("tags")) b.tag((String) t);
    if (m.get("chain") != null) {
      for (Object o : (List<Object>) m.get("chain")) {
        Map<String, Object> step = (Map<String, Object>) o;
        b.then(new dev.pictor.ChainStep(Action.fromWireName((String) step.get("action")), (String) step.get("model"),
            step.get("factor") == null ? null : ((Number) step.get("factor")).doubleValue()));
      }
    }
    return b.build();
  }

  private static int intOf(Object o) {
    return ((Number) o).intValue();
  }

  private static Instant instant(Object o) {
    return o == null ? null : Instant.parse((String) o);
  }

  private static Duration millis(Object o) {
    return o == null ? null : Duration.ofMillis(((Number) o).longValue());
  }

  @SuppressWarnings("unchecked")
  private static Money money(Object o) {
    if (o == null) return null;
    Map<String, Object> m = (Map<String, Object>) o;
    return new Money(new BigDecimal((String) m.get("amount")), (String) m.get("currency"));
  }
}
