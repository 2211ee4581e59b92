package dev.pictor.spi;

import dev.pictor.internal.InMemoryJobStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where jobs, batches and workflows live: insert, find, compare-and-set update, query, delete. The
 * client writes a job here <em>before</em> it sends anything, and after every transition, so a
 * restarted process can re-attach to work in flight. Implementations must be thread-safe, and an
 * acknowledged write must be durable for stores that claim durability.
 *
 * <p>Every implementation should pass the testkit's {@code JobStoreContract}.
 *
 * <pre>{@code
 * GenerationClient client = GenerationClient.builder()
 *     .provider(provider)
 *     .jobStore(JobStore.inMemory())   // the default; sdk-jdbc offers a durable one
 *     .build();
 * }</pre>
 */
public interface JobStore {
  /**
   * Adds a new record at version 0.
   *
   * @throws IllegalStateException when a record with that id exists
   */
  void insert(JobRecord record);

  Optional<JobRecord> find(String id);

  /**
   * Replaces the record with the same id if its stored version is {@code expectedVersion}; the stored
   * copy then has version {@code expectedVersion + 1} (whatever {@code record.version()} says).
   *
   * @return false when the record is missing or its version differs (someone else updated it)
   */
  boolean update(JobRecord record, long expectedVersion);

  /** Matching records, newest first, paged as the query says. */
  List<JobRecord> query(RecordQuery query);

  /** Deletes a record; false when there was none. */
  boolean delete(String id);

  /**
   * Takes the leases of the records that {@code query} matches and {@code claim} may take (free,
   * expired, or a gone owner's; not the claimant's own), at most {@code query.limit()} of them, newest
   * first. Each taken record is stored with {@code leaseOwner = claim.owner()}, {@code leaseExpiresAt
   * = claim.until()} and its version plus one, so a previous holder's next compare-and-set fails; the
   * stored copies are returned. Two concurrent claims never return the same record, and a claim does
   * not wait for records another claim is taking (PostgreSQL: {@code FOR UPDATE SKIP LOCKED}).
   *
   * <p>The default reads a page and takes each record with {@link #update}; stores shared by several
   * processes should do it in one statement.
   */
  default List<JobRecord> claim(RecordQuery query, LeaseClaim claim) {
    List<JobRecord> taken = new ArrayList<>();
    int want = query.limit();
    int page = Math.max(want, 100);
    for (int offset = 0; taken.size() < want; offset += page) {
      List<JobRecord> rows = query(query.withPage(query.offset() + offset, page));
      for (JobRecord r : rows) {
        if (taken.size() == want) break;
        if (!claim.canTake(r)) continue;
        JobRecord next = r.toBuilder().lease(claim.owner(), claim.until()).version(r.version() + 1).build();
        if (update(next, r.version())) taken.add(next);
      }
      if (rows.size() < page) break;
    }
    return taken;
  }

  /**
   * Moves the expiry of every lease {@code owner} holds to {@code until}, without changing the
   * records' versions or anything else; an {@code until} in the past lets the leases go. Returns how
   * many leases were moved, or -1 when this store does not keep lease expiries: the client then
   * writes leases that never expire, and only a gone owner's leases are taken over.
   */
  default int renewLeases(String owner, Instant until) {
    return -1;
  }

  /** A store in this JVM's memory, lost when it stops. The default. */
  static JobStore inMemory() {
    return new InMemoryJobStore();
  }
}
