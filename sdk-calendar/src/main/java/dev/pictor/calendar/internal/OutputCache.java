package dev.pictor.calendar.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.pictor.GenerationClient;
import dev.pictor.Job;
import dev.pictor.JobStatus;
import dev.pictor.spi.JobRecord;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.Scheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Outputs already paid for, by cache key: records of kind {@value #KIND} in the job store, one per
 * key, naming the job whose first output is the image (or, for a training, the trained version). A
 * hit is used only while its job still exists, succeeded and its image can be opened; anything else
 * is a miss. Thread-safe.
 */
public final class OutputCache {
  /** The record kind of a cache entry. */
  public static final String KIND = "calendar-cache";

  /** What an entry holds: a job for a variant, or a training's id, version and trigger word. */
  public record Entry(String jobId, String trainingId, String version, String triggerWord) {}

  private final JobStore store;
  private final GenerationClient client;
  private final Scheduler clock;
  private final JsonAdapter<Entry> adapter = new Moshi.Builder().build().adapter(Entry.class);

  public OutputCache(JobStore store, GenerationClient client, Scheduler clock) {
    this.store = store;
    this.client = client;
    this.clock = clock;
  }

  /** The succeeded job holding the image for {@code key}, when there is one whose image is still there. */
  public Optional<Job> variant(String key) {
    Optional<Entry> e = entry(key);
    if (e.isEmpty() || e.get().jobId() == null) return Optional.empty();
    Optional<Job> job = client.job(e.get().jobId());
    if (job.isEmpty() || job.get().status() != JobStatus.SUCCEEDED || job.get().outputs().isEmpty()) return Optional.empty();
    try {
      client.await(job.get().id()).images().get(0).openStream().close(); // the image is still there
      return job;
    } catch (IOException | RuntimeException gone) {
      return Optional.empty();
    }
  }

  /** The trained LoRA for {@code key}, when one was recorded. */
  public Optional<Entry> training(String key) {
    return entry(key).filter(e -> e.version() != null);
  }

  /** Records that job {@code jobId}'s first output is the image for {@code key}. */
  public void putVariant(String key, String jobId) {
    put(key, new Entry(jobId, null, null, null));
  }

  /** Records a trained LoRA for {@code key}. */
  public void putTraining(String key, String trainingId, String version, String triggerWord) {
    put(key, new Entry(null, trainingId, version, triggerWord));
  }

  /** Forgets {@code key} if it still names {@code jobId}. */
  public void removeVariant(String key, String jobId) {
    Optional<JobRecord> r = store.find(id(key));
    if (r.isPresent() && jobId.equals(decode(r.get()).jobId())) store.delete(r.get().id());
  }

  private Optional<Entry> entry(String key) {
    return store.find(id(key)).filter(r -> r.kind().equals(KIND)).map(this::decode);
  }

  private void put(String key, Entry entry) {
    String id = id(key);
    for (int attempt = 0; attempt < 10; attempt++) {
      Optional<JobRecord> existing = store.find(id);
      if (existing.isEmpty()) {
        try {
          store.insert(record(id, entry, 0).build());
          return;
        } catch (IllegalStateException insertedMeanwhile) {
          continue;
        }
      }
      long v = existing.get().version();
      if (store.update(record(id, entry, v + 1).createdAt(existing.get().createdAt()).build(), v)) return;
    }
  }

  private JobRecord.Builder record(String id, Entry entry, long version) {
    return JobRecord.builder().id(id).kind(KIND).status("stored").createdAt(clock.now()).updatedAt(clock.now())
        .version(version).payload(1, adapter.toJson(entry));
  }

  private Entry decode(JobRecord r) {
    try {
      return adapter.fromJson(r.payload());
    } catch (IOException e) {
      throw new UncheckedIOException("cache entry " + r.id() + " is unreadable", e);
    }
  }

  private static String id(String key) {
    return "calcache_" + key;
  }
}
