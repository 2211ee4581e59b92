package dev.pictor.internal;

import dev.pictor.spi.JobRecord;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.LeaseClaim;
import dev.pictor.spi.RecordQuery;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** The default {@link JobStore}: a concurrent map, lost when the JVM stops. */
public final class InMemoryJobStore implements JobStore {
  static final Comparator<JobRecord> NEWEST_FIRST =
      Comparator.comparing(JobRecord::createdAt).thenComparing(JobRecord::id).reversed();

  private final ConcurrentHashMap<String, JobRecord> records = new ConcurrentHashMap<>();

  @Override
  public void insert(JobRecord record) {
    JobRecord stored = record.version() == 0 ? record : record.toBuilder().version(0).build();
    if (records.putIfAbsent(record.id(), stored) != null) {
      throw new IllegalStateException("a record with id " + record.id() + " exists");
    }
  }

  @Override
  public Optional<JobRecord> find(String id) {
    return Optional.ofNullable(records.get(id));
  }

  @Override
  public boolean update(JobRecord record, long expectedVersion) {
    boolean[] done = {false};
    records.computeIfPresent(record.id(), (id, current) -> {
      if (current.version() != expectedVersion) return current;
      done[0] = true;
      return record.version() == expectedVersion + 1 ? record : record.toBuilder().version(expectedVersion + 1).build();
    });
    return done[0];
  }

  @Override
  public List<JobRecord> query(RecordQuery query) {
    return records.values().stream()
        .filter(query::matches)
        .sorted(NEWEST_FIRST)
        .skip(query.offset())
        .limit(query.limit())
        .collect(Collectors.toList());
  }

  @Override
  public synchronized List<JobRecord> claim(RecordQuery query, LeaseClaim claim) {
    return JobStore.super.claim(query, claim); // one claim at a time: no record is taken twice
  }

  @Override
  public int renewLeases(String owner, Instant until) {
    int[] moved = {0};
    records.replaceAll((id, r) -> {
      if (!owner.equals(r.leaseOwner().orElse(null))) return r;
      moved[0]++;
      return r.toBuilder().lease(owner, until).build();
    });
    return moved[0];
  }

  @Override
  public boolean delete(String id) {
    return records.remove(id) != null;
  }

  @Override
  public String toString() {
    return "InMemoryJobStore{" + records.size() + " records}";
  }
}
