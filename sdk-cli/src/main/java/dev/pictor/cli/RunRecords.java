package dev.pictor.cli;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.pictor.spi.JobRecord;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.RecordQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the command line keeps beside a batch in the job store, so that {@code pictor jobs resume}
 * can restore it: the provider and its base URL, the output folder, and the batch. Tokens are never
 * kept; they come again from flags or the environment. Records of kind {@value #KIND}.
 */
final class RunRecords {
  static final String KIND = "cli-run";
  static final String RUNNING = "running";
  static final String DONE = "completed";

  private static final JsonAdapter<Map<String, Object>> JSON = new Moshi.Builder().build()
      .adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

  private RunRecords() {}

  /** One run as stored. */
  record Run(String id, String provider, String baseUrl, String endpoint, Path out, String batchId, boolean simulated,
      boolean resendUnknown, long version) {}

  static Run start(JobStore store, String id, ProviderFactory.Selection sel, CommonOptions o, boolean resendUnknown,
      String batchId, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("provider", sel.kind().id);
    if (o.baseUrl != null && !o.simulate) m.put("baseUrl", o.baseUrl);
    if (o.endpoint != null) m.put("endpoint", o.endpoint);
    m.put("out", o.out.toAbsolutePath().toString());
    m.put("batchId", batchId);
    m.put("simulated", o.simulate || sel.kind() == ProviderFactory.Kind.SANDBOX);
    m.put("resendUnknown", resendUnknown);
    store.insert(JobRecord.builder().id(id).kind(KIND).status(RUNNING).parentId(batchId).provider(sel.kind().id)
        .createdAt(now).payload(1, JSON.toJson(m)).build());
    return read(store.find(id).orElseThrow());
  }

  static void finish(JobStore store, Run run, Instant now) {
    store.find(run.id()).ifPresent(r -> store.update(r.toBuilder().status(DONE).updatedAt(now).build(), r.version()));
  }

  static List<Run> unfinished(JobStore store) {
    return store.query(new RecordQuery(Set.of(KIND), Set.of(RUNNING), null, null, null, null, null, null, null, null,
        null, 0, 1000)).stream().map(RunRecords::read).toList();
  }

  static Optional<Run> forBatch(JobStore store, String batchId) {
    return store.query(new RecordQuery(Set.of(KIND), null, null, null, null, batchId, null, null, null, null, null, 0, 1))
        .stream().findFirst().map(RunRecords::read);
  }

  private static Run read(JobRecord r) {
    Map<String, Object> m;
    try {
      m = JSON.fromJson(r.payload());
    } catch (IOException e) {
      throw new UncheckedIOException("run record " + r.id() + " is not readable", e);
    }
    return new Run(r.id(), (String) m.get("provider"), (String) m.get("baseUrl"), (String) m.get("endpoint"),
        Path.of((String) m.get("out")), (String) m.get("batchId"), Boolean.TRUE.equals(m.get("simulated")),
        Boolean.TRUE.equals(m.get("resendUnknown")), r.version());
  }
}
