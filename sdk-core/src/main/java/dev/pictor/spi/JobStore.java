package dev.pictor.spi;

import dev.pictor.internal.InMemoryJobStore;
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

  /** A store in this JVM's memory, lost when it stops. The default. */
  static JobStore inMemory() {
    return new InMemoryJobStore();
  }
}
