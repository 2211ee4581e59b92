package dev.pictor.calendar.internal;

import dev.pictor.InvalidRequestException;
import dev.pictor.calendar.ProjectStatus;
import dev.pictor.spi.JobRecord;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.RecordQuery;
import dev.pictor.spi.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Calendar projects in the client's {@link JobStore}: every change is a compare-and-set of the whole
 * record, retried on a fresh copy when another thread or process wrote first, so concurrent variant
 * completions never lose each other's updates. Thread-safe.
 */
public final class ProjectStore {
  private static final int MAX_ATTEMPTS = 200;

  private final JobStore store;
  private final Scheduler clock;
  private final ProjectCodec codec = new ProjectCodec();

  public ProjectStore(JobStore store, Scheduler clock) {
    this.store = store;
    this.clock = clock;
  }

  /** A change as it was written: the state before and after (fresh copies each). */
  public record Change(ProjectState before, ProjectState after) {}

  public void insert(ProjectState state) {
    store.insert(codec.toRecord(state, 0, clock.now()));
  }

  public Optional<ProjectState> find(String id) {
    return store.find(id).filter(r -> r.kind().equals(ProjectCodec.KIND)).map(codec::fromRecord);
  }

  /**
   * The project, or an {@link InvalidRequestException} naming the id.
   */
  public ProjectState require(String id) {
    return find(id).orElseThrow(() -> new InvalidRequestException("project", "there is no calendar project " + id));
  }

  /**
   * Applies {@code change} to a fresh copy and writes it; {@code change} returns false to write
   * nothing. It may run more than once, each time on a fresh copy, so it must depend only on the
   * state it is given. Returns null when nothing was written.
   */
  public Change update(String id, Predicate<ProjectState> change) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      JobRecord record = store.find(id).filter(r -> r.kind().equals(ProjectCodec.KIND))
          .orElseThrow(() -> new InvalidRequestException("project", "there is no calendar project " + id));
      ProjectState after = codec.fromRecord(record);
      if (!change.test(after)) return null;
      if (store.update(codec.toRecord(after, record.version() + 1, clock.now()), record.version())) {
        return new Change(codec.fromRecord(record), after);
      }
    }
    throw new IllegalStateException("calendar project " + id + " kept changing under us; gave up after "
        + MAX_ATTEMPTS + " attempts");
  }

  /** Every project in one of {@code statuses}, newest first. */
  public List<ProjectState> query(Set<ProjectStatus> statuses) {
    Set<String> wire = statuses.stream().map(ProjectStatus::wireName).collect(Collectors.toSet());
    List<ProjectState> all = new ArrayList<>();
    RecordQuery q = new RecordQuery(Set.of(ProjectCodec.KIND), wire, null, null, null, null, null, null, null, null, null, 0, 200);
    while (true) {
      List<JobRecord> page = store.query(q);
      for (JobRecord r : page) all.add(codec.fromRecord(r));
      if (page.size() < q.limit()) return all;
      q = q.withPage(q.offset() + q.limit(), q.limit());
    }
  }

  /** Whether a project other than {@code projectId} still holds the output of job {@code jobId}. */
  public boolean heldByOthers(String jobId, String projectId) {
    RecordQuery q = new RecordQuery(Set.of(ProjectCodec.KIND), null, null, null, null, null, null, null,
        ProjectCodec.USES + jobId, null, null, 0, 2);
    for (JobRecord r : store.query(q)) {
      if (!r.id().equals(projectId)) return true;
    }
    return false;
  }
}
