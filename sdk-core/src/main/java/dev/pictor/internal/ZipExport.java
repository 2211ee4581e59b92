package dev.pictor.internal;

import com.squareup.moshi.JsonWriter;
import dev.pictor.Batch;
import dev.pictor.BatchItem;
import dev.pictor.GenerationRequest;
import dev.pictor.Job;
import dev.pictor.Money;
import dev.pictor.OutputSink;
import dev.pictor.StoredOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import okio.BufferedSink;
import okio.Okio;

/**
 * Writes a batch's outputs and a {@code manifest.json} into a ZIP: each output streamed from the
 * sink in turn, the manifest written item by item, the file moved into place only when complete.
 */
final class ZipExport {
  private final OutputSink sink;

  ZipExport(OutputSink sink) {
    this.sink = sink;
  }

  void write(Path zip, Batch batch, List<BatchItem> items) throws IOException {
    Path dir = zip.toAbsolutePath().getParent();
    if (dir != null) Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".pictor-", ".zip.part");
    try {
      try (OutputStream file = Files.newOutputStream(tmp); ZipOutputStream out = new ZipOutputStream(file)) {
        List<List<String>> names = new ArrayList<>(items.size());
        for (BatchItem item : items) names.add(writeOutputs(out, item));
        out.putNextEntry(new ZipEntry("manifest.json"));
        BufferedSink json = Okio.buffer(Okio.sink(new NonClosing(out)));
        JsonWriter w = JsonWriter.of(json);
        w.setIndent("  ");
        manifest(w, batch, items, names);
        w.flush();
        json.flush();
        out.closeEntry();
      }
      Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private List<String> writeOutputs(ZipOutputStream out, BatchItem item) throws IOException {
    List<String> names = new ArrayList<>();
    if (item.status() != dev.pictor.JobStatus.SUCCEEDED) return names;
    List<StoredOutput> outputs = item.outputs();
    for (StoredOutput o : outputs) {
      String name = entryName(item, o, outputs.size());
      out.putNextEntry(new ZipEntry(name));
      try (InputStream in = sink.open(o)) {
        in.transferTo(out);
      }
      out.closeEntry();
      names.add(name);
    }
    return names;
  }

  static String entryName(BatchItem item, StoredOutput o, int count) {
    StringBuilder sb = new StringBuilder(String.format("%04d", item.index() + 1));
    if (item.variant() != null) sb.append('-').append(safe(item.variant()));
    if (item.input() != null) {
      String stem = item.input();
      int dot = stem.lastIndexOf('.');
      sb.append('-').append(safe(dot > 0 ? stem.substring(0, dot) : stem));
    }
    if (count > 1) sb.append('-').append(o.index() + 1);
    String loc = o.location();
    int dot = loc.lastIndexOf('.');
    String ext = dot >= 0 && loc.length() - dot <= 6 ? loc.substring(dot + 1) : "img";
    return sb.append('.').append(safe(ext)).toString();
  }

  private static String safe(String s) {
    String cleaned = s.replaceAll("[^\\p{L}\\p{N}._-]+", "_");
    return cleaned.length() > 60 ? cleaned.substring(0, 60) : cleaned;
  }

  private static void manifest(JsonWriter w, Batch batch, List<BatchItem> items, List<List<String>> names) throws IOException {
    w.beginObject();
    w.name("batch").value(batch.id());
    w.name("name").value(batch.name());
    w.name("items").beginArray();
    for (int i = 0; i < items.size(); i++) {
      BatchItem item = items.get(i);
      GenerationRequest r = item.request();
      w.beginObject();
      w.name("index").value(item.index());
      if (item.variant() != null) w.name("variant").value(item.variant());
      if (item.input() != null) w.name("input").value(item.input());
      if (r.prompt().isPresent()) w.name("prompt").value(r.prompt().get());
      w.name("model").value(r.model());
      if (r.seed().isPresent()) w.name("seed").value(r.seed().get());
      w.name("status").value(item.status().wireName());
      w.name("jobId").value(item.jobId());
      if (item.estimatedCost().isPresent()) money(w, "estimatedCost", item.estimatedCost().get());
      if (item.actualCost().isPresent()) money(w, "actualCost", item.actualCost().get());
      w.name("files").beginArray();
      for (String n : names.get(i)) w.value(n);
      w.endArray();
      if (item.error().isPresent() && item.error().get().message() != null) w.name("error").value(item.error().get().message());
      timings(w, item);
      w.endObject();
    }
    w.endArray();
    w.endObject();
  }

  private static void timings(JsonWriter w, BatchItem item) throws IOException {
    if (item.jobs().isEmpty()) return;
    Job first = item.jobs().get(0);
    Job last = item.jobs().get(item.jobs().size() - 1);
    w.name("timings").beginObject();
    w.name("createdAt").value(first.createdAt().toString());
    if (first.submittedAt().isPresent()) w.name("submittedAt").value(first.submittedAt().get().toString());
    if (last.completedAt().isPresent()) w.name("completedAt").value(last.completedAt().get().toString());
    long queue = 0;
    long processing = 0;
    for (Job j : item.jobs()) {
      queue += j.queueDuration().map(java.time.Duration::toMillis).orElse(0L);
      processing += j.processingDuration().map(java.time.Duration::toMillis).orElse(0L);
    }
    w.name("queueMs").value(queue);
    w.name("processingMs").value(processing);
    w.endObject();
  }

  private static void money(JsonWriter w, String name, Money m) throws IOException {
    w.name(name).beginObject().name("amount").value(m.amount().toPlainString()).name("unit").value(m.currency()).endObject();
  }

  /** Lets the JSON writer flush into the ZIP entry without closing the ZIP. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
