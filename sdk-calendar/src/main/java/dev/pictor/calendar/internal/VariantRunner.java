package dev.pictor.calendar.internal;

import dev.pictor.Batch;
import dev.pictor.BatchItem;
import dev.pictor.BatchListener;
import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import dev.pictor.Job;
import dev.pictor.JobError;
import dev.pictor.JobStatus;
import dev.pictor.StoredOutput;
import dev.pictor.calendar.CalendarVariant;
import dev.pictor.calendar.ProjectStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates a project's variants: each planned variant is first looked up in the cache (same theme,
 * photo, seed and model: the stored output is reused and nothing is paid), the rest run as one batch
 * of the core's batch engine, at most the project's parallelism at a time. Each variant is stored
 * and announced as soon as its item ends, not when the batch does. After a restart the stored
 * batches are followed again (the client's {@code resume()} continues them) and items that ended
 * meanwhile are picked up. Thread-safe.
 */
public final class VariantRunner {
  private static final Logger log = LoggerFactory.getLogger(VariantRunner.class);
  /** How often a variant cancelled before reaching the provider is sent again. */
  static final int MAX_RESENDS = 2;

  private final CalendarEngine engine;
  private final GenerationClient client;
  private final OutputCache cache;
  private final VariantRequests requests;

  VariantRunner(CalendarEngine engine, OutputCache cache, VariantRequests requests) {
    this.engine = engine;
    this.client = engine.config().client();
    this.cache = cache;
    this.requests = requests;
  }

  /** Serves every planned variant not yet sent: from the cache, else in a new batch. */
  public void launch(String id) {
    ProjectState s = engine.projects().require(id);
    if (s.status != ProjectStatus.GENERATING) return;
    Map<Integer, String> keys = new TreeMap<>();
    Map<Integer, Job> hits = new LinkedHashMap<>();
    for (ProjectState.VariantState v : s.variants) {
      if (v.status != CalendarVariant.Status.PENDING || v.batchId != null) continue;
      String key = Digests.variant(s.provider, s.model, s.preview, s.theme, s.photos.get(v.photo).sha256, v.seed);
      keys.put(v.number, key);
      cache.variant(key).ifPresent(job -> hits.put(v.number, job));
    }
    if (keys.isEmpty()) {
      engine.update(id, st -> st.settle(engine.config().clock().now()));
      return;
    }
    List<ImageInput> photos = engine.photos(s);
    List<Integer> numbers = new ArrayList<>();
    List<GenerationRequest> batch = new ArrayList<>();
    Map<Integer, String> lost = new TreeMap<>();
    for (int n : keys.keySet()) {
      if (hits.containsKey(n)) continue;
      ProjectState.VariantState v = s.variant(n);
      ImageInput photo = photos.get(v.photo);
      if (photo == null) {
        lost.put(n, Events.lostPhoto(s, v.photo));
        continue;
      }
      numbers.add(n);
      batch.add(requests.build(s, photo, v.seed));
    }
    engine.update(id, st -> {
      boolean changed = false;
      for (Map.Entry<Integer, String> k : keys.entrySet()) {
        ProjectState.VariantState v = st.variant(k.getKey());
        if (v == null || v.status != CalendarVariant.Status.PENDING || v.batchId != null) continue;
        v.key = k.getValue();
        Job hit = hits.get(v.number);
        if (hit != null) succeeded(v, hit, true);
        if (lost.containsKey(v.number)) failed(v, lost.get(v.number), null);
        changed = true;
      }
      st.settle(engine.config().clock().now());
      return changed;
    });
    if (!batch.isEmpty()) send(id, s.parallel, numbers, batch);
  }

  private void send(String id, int parallel, List<Integer> numbers, List<GenerationRequest> requests) {
    int[] byItem = numbers.stream().mapToInt(Integer::intValue).toArray();
    Batch batch;
    try {
      batch = client.newBatch().name("calendar " + id).requests(requests).maxConcurrency(parallel)
          .listener(listener(id, byItem)).start();
    } catch (InvalidRequestException e) {
      log.warn("calendar {}: its variants were refused before sending: {}", id, e.getMessage());
      engine.update(id, st -> {
        for (int n : byItem) {
          ProjectState.VariantState v = st.variant(n);
          if (v != null && v.status == CalendarVariant.Status.PENDING && v.batchId == null) failed(v, e.getMessage(), null);
        }
        st.settle(engine.config().clock().now());
        return true;
      });
      return;
    }
    List<BatchItem> items = batch.items();
    engine.update(id, st -> {
      boolean changed = false;
      for (int i = 0; i < byItem.length; i++) {
        ProjectState.VariantState v = st.variant(byItem[i]);
        if (v == null || v.batchId != null || v.status != CalendarVariant.Status.PENDING) continue;
        v.batchId = batch.id();
        v.item = i;
        v.jobId = items.get(i).jobId();
        changed = true;
      }
      return changed;
    });
  }

  /** Follows again, after a restart, the batches of variants that had not ended. */
  public void resume(String id) {
    ProjectState s = engine.projects().require(id);
    Map<String, List<ProjectState.VariantState>> byBatch = new LinkedHashMap<>();
    for (ProjectState.VariantState v : s.variants) {
      if (!v.status.isEnded() && v.batchId != null) byBatch.computeIfAbsent(v.batchId, k -> new ArrayList<>()).add(v);
    }
    for (Map.Entry<String, List<ProjectState.VariantState>> e : byBatch.entrySet()) {
      Optional<Batch> batch = client.batch(e.getKey());
      if (batch.isEmpty()) {
        engine.update(id, st -> {
          for (ProjectState.VariantState v : e.getValue()) {
            ProjectState.VariantState now = st.variant(v.number);
            if (now != null && e.getKey().equals(now.batchId) && !now.status.isEnded()) {
              failed(now, "its batch " + e.getKey() + " is no longer in the store", null);
            }
          }
          st.settle(engine.config().clock().now());
          return true;
        });
        continue;
      }
      List<BatchItem> items = batch.get().items();
      int[] byItem = new int[items.size()];
      java.util.Arrays.fill(byItem, -1);
      for (ProjectState.VariantState v : e.getValue()) if (v.item != null && v.item < byItem.length) byItem[v.item] = v.number;
      batch.get().addListener(listener(id, byItem));
      for (BatchItem item : batch.get().items()) {
        if (byItem[item.index()] >= 0 && item.status().isTerminal()) apply(id, batch.get().id(), byItem[item.index()], item);
      }
    }
    launch(id);
  }

  private BatchListener listener(String id, int[] byItem) {
    return new BatchListener() {
      @Override
      public void onItemSubmitted(Batch batch, BatchItem item) {
        int n = byItem[item.index()];
        if (n < 0) return;
        engine.update(id, st -> {
          ProjectState.VariantState v = st.variant(n);
          if (v == null || v.status != CalendarVariant.Status.PENDING) return false;
          if (v.batchId != null && !v.batchId.equals(batch.id())) return false;
          v.batchId = batch.id();
          v.item = item.index();
          v.jobId = item.jobId();
          v.status = CalendarVariant.Status.RUNNING;
          return true;
        });
      }

      @Override
      public void onItemDone(Batch batch, BatchItem item) {
        int n = byItem[item.index()];
        if (n >= 0) apply(id, batch.id(), n, item);
      }
    };
  }

  /**
   * Records how a batch item ended, unless the variant moved on (regenerated) since. An item whose
   * job was cancelled before it reached the provider (as a client closing mid-send does) cost
   * nothing and is sent again, at most {@value #MAX_RESENDS} times.
   */
  private void apply(String id, String batchId, int number, BatchItem item) {
    try {
      Optional<Job> job = item.finalJob();
      boolean neverSent = item.status() == JobStatus.CANCELED && job.map(j -> j.providerJobId().isEmpty()).orElse(true);
      ProjectStore.Change ch = engine.update(id, st -> {
        ProjectState.VariantState v = st.variant(number);
        if (v == null || v.status.isEnded()) return false;
        if (v.batchId != null && !v.batchId.equals(batchId)) return false;
        if (neverSent && v.resends < MAX_RESENDS && st.status == ProjectStatus.GENERATING) {
          v.resends++;
          v.status = CalendarVariant.Status.PENDING;
          v.batchId = null;
          v.item = null;
          v.jobId = null;
          return true;
        }
        v.batchId = batchId;
        v.item = item.index();
        if (item.status() == JobStatus.SUCCEEDED && job.isPresent() && !job.get().outputs().isEmpty()) {
          succeeded(v, job.get(), false);
        } else {
          failed(v, item.error().map(JobError::message).orElse("the job ended " + item.status().wireName()), job.orElse(null));
          v.jobId = item.jobId();
        }
        st.settle(engine.config().clock().now());
        return true;
      });
      if (ch == null) return;
      ProjectState.VariantState v = ch.after().variant(number);
      if (v.status == CalendarVariant.Status.SUCCEEDED && v.key != null) cache.putVariant(v.key, v.jobId);
      if (v.status == CalendarVariant.Status.PENDING) {
        log.info("calendar {}: variant {} was cancelled before it reached the provider; sending it again", id, number);
        launch(id);
      }
    } catch (RuntimeException e) {
      log.error("calendar {}: variant {} could not be recorded", id, number, e);
    }
  }

  static void succeeded(ProjectState.VariantState v, Job job, boolean cached) {
    StoredOutput out = job.outputs().get(0);
    v.status = CalendarVariant.Status.SUCCEEDED;
    v.jobId = job.id();
    v.cached = cached;
    v.location = out.location();
    v.contentType = out.contentType();
    v.size = out.size();
    v.error = null;
    v.durationMs = cached ? null : duration(job);
  }

  static void failed(ProjectState.VariantState v, String why, Job job) {
    v.status = CalendarVariant.Status.FAILED;
    v.error = Objects.requireNonNullElse(why, "failed");
    v.durationMs = job == null ? null : duration(job);
  }

  private static Long duration(Job job) {
    return job.completedAt().map(end -> Duration.between(job.createdAt(), end).toMillis()).orElse(null);
  }
}
