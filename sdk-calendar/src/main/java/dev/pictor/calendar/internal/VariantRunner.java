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
import dev.pictor.calendar.CalendarVariant;
import dev.pictor.calendar.ProjectStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates a project's variants. Each planned variant is first looked up in the cache (same theme,
 * photo, seed and model: the stored output is reused and nothing is paid); the rest are claimed for
 * one batch of the core's batch engine, run at most the project's parallelism at a time.
 *
 * <p>Two rules keep the money safe. A variant is claimed for a batch in the same compare-and-set that
 * finds it unsent, and the batch's id is derived from the project and a counter in its record, so two
 * threads (or a thread and a restart) can never send it twice: the core refuses a batch id it stored
 * already. And a project runs one batch at a time, so it never has more than its parallelism in
 * flight: variants planned while a batch runs (a regeneration, a resend) wait for it to end.
 *
 * <p>Each variant is stored and announced as soon as its item ends, not when the batch does. After a
 * restart the stored batches are followed again (the client's {@code resume()} continues them), items
 * that ended meanwhile are picked up, and a batch claimed but never started is claimed afresh.
 * Thread-safe.
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

  /**
   * Serves every unsent variant: from the cache, else in a new batch, unless a batch of the project
   * still runs (its end launches them). Settles the project when every variant ended.
   */
  public void launch(String id) {
    ProjectState s = engine.projects().require(id);
    if (s.status != ProjectStatus.GENERATING) return;
    Map<Integer, String> keys = new HashMap<>();
    Map<Integer, Job> hits = new HashMap<>();
    Map<Integer, String> lost = new HashMap<>();
    List<ImageInput> photos = null;
    for (ProjectState.VariantState v : s.variants) {
      if (!v.unsent()) continue;
      String key = key(s, v);
      keys.put(v.number, key);
      Optional<Job> hit = cache.variant(key);
      if (hit.isPresent()) {
        hits.put(v.number, hit.get());
        continue;
      }
      if (photos == null) photos = engine.photos(s);
      if (photos.get(v.photo) == null) lost.put(v.number, Events.lostPhoto(s, v.photo));
    }
    List<String> claimed = new ArrayList<>(1);
    ProjectStore.Change ch = engine.update(id, st -> {
      claimed.clear();
      if (st.status != ProjectStatus.GENERATING) return false;
      boolean changed = false;
      List<ProjectState.VariantState> toSend = new ArrayList<>();
      for (ProjectState.VariantState v : st.variants) {
        String key = keys.get(v.number);
        // Skipped: planned meanwhile (its own launch serves it), claimed meanwhile, or planned anew.
        if (key == null || !v.unsent() || !key.equals(key(st, v))) continue;
        changed |= !key.equals(v.key);
        v.key = key;
        if (hits.containsKey(v.number)) {
          v.succeeded(hits.get(v.number), true);
          changed = true;
        } else if (lost.containsKey(v.number)) {
          v.failed(lost.get(v.number), null);
          changed = true;
        } else {
          toSend.add(v);
        }
      }
      if (!toSend.isEmpty() && !st.batchRunning()) {
        claimed.add(st.claimBatch(toSend));
        changed = true;
      }
      return st.settle(engine.config().clock().now()) || changed;
    });
    if (ch != null && !claimed.isEmpty()) start(id, ch.after(), claimed.get(0));
  }

  /** The cache key of a variant's image: everything that decides it. */
  private static String key(ProjectState s, ProjectState.VariantState v) {
    return Digests.variant(s.provider, s.model, s.preview, s.theme, s.photos.get(v.photo).sha256, v.seed);
  }

  /** Starts claimed batch {@code batchId} of project state {@code s}. */
  private void start(String id, ProjectState s, String batchId) {
    LoraTrainer trainer = engine.config().trainer();
    if (ProjectState.LORA.equals(s.method) && trainer != null) {
      trainer.use(s.model); // trained before a restart, or cached: new to this process's provider
    }
    List<ProjectState.VariantState> items = itemsOf(s, batchId);
    List<ImageInput> photos = engine.photos(s);
    List<GenerationRequest> batch = new ArrayList<>(items.size());
    int[] byItem = new int[items.size()];
    for (int i = 0; i < items.size(); i++) {
      byItem[i] = items.get(i).number;
      ImageInput photo = photos.get(items.get(i).photo);
      if (photo == null) { // gone since it was looked at: nothing was sent, so claim afresh (which fails it)
        unclaim(id, batchId);
        launch(id);
        return;
      }
      batch.add(requests.build(s, photo, items.get(i).seed));
    }
    Batch started;
    try {
      started = client.newBatch().id(batchId).name("calendar " + id).requests(batch).maxConcurrency(s.parallel)
          .listener(listener(id, byItem)).start();
    } catch (InvalidRequestException e) {
      Optional<Batch> stored = e.field().filter("id"::equals).flatMap(f -> client.batch(batchId));
      if (stored.isPresent()) { // started already (by a process that stopped before it could say so)
        follow(id, stored.get(), byItem);
        return;
      }
      log.warn("calendar {}: its variants were refused before sending: {}", id, e.getMessage());
      failClaimed(id, batchId, e.getMessage());
      return;
    }
    List<BatchItem> sent = started.items();
    engine.update(id, st -> {
      boolean changed = false;
      for (ProjectState.VariantState v : st.variants) {
        if (!batchId.equals(v.batchId) || v.jobId != null || v.item == null) continue;
        v.jobId = sent.get(v.item).jobId();
        changed = true;
      }
      return changed;
    });
  }

  /** The variants claimed for {@code batchId}, in item order. */
  private static List<ProjectState.VariantState> itemsOf(ProjectState s, String batchId) {
    List<ProjectState.VariantState> items = new ArrayList<>();
    for (ProjectState.VariantState v : s.variants) if (batchId.equals(v.batchId) && v.item != null) items.add(v);
    items.sort((a, b) -> Integer.compare(a.item, b.item));
    return items;
  }

  /** Gives up batch {@code batchId}, which was never started: its variants are unsent again. */
  private void unclaim(String id, String batchId) {
    engine.update(id, st -> {
      boolean changed = false;
      for (ProjectState.VariantState v : st.variants) {
        if (!batchId.equals(v.batchId) || v.status.isEnded()) continue;
        v.batchId = null;
        v.item = null;
        changed = true;
      }
      return changed;
    });
  }

  private void failClaimed(String id, String batchId, String why) {
    engine.update(id, st -> {
      for (ProjectState.VariantState v : st.variants) {
        if (batchId.equals(v.batchId) && !v.status.isEnded()) v.failed(why, null);
      }
      st.settle(engine.config().clock().now());
      return true;
    });
  }

  /**
   * Follows again, after a restart, the batches of variants that had not ended; a batch that was
   * claimed but never started (no item has a job) is given up and its variants claimed afresh.
   */
  public void resume(String id) {
    ProjectState s = engine.projects().require(id);
    Map<String, List<ProjectState.VariantState>> byBatch = new LinkedHashMap<>();
    for (ProjectState.VariantState v : s.variants) {
      if (!v.status.isEnded() && v.batchId != null) byBatch.computeIfAbsent(v.batchId, k -> new ArrayList<>()).add(v);
    }
    for (Map.Entry<String, List<ProjectState.VariantState>> e : byBatch.entrySet()) {
      String batchId = e.getKey();
      Optional<Batch> batch = client.batch(batchId);
      if (batch.isPresent()) {
        int[] byItem = new int[batch.get().items().size()];
        java.util.Arrays.fill(byItem, -1);
        for (ProjectState.VariantState v : e.getValue()) if (v.item != null && v.item < byItem.length) byItem[v.item] = v.number;
        follow(id, batch.get(), byItem);
        continue;
      }
      if (e.getValue().stream().allMatch(v -> v.jobId == null)) {
        unclaim(id, batchId); // claimed, then the process stopped before it started the batch
      } else {
        failClaimed(id, batchId, "its batch " + batchId + " is no longer in the store");
      }
    }
    launch(id);
  }

  /** Listens to a batch and records its items that ended already. */
  private void follow(String id, Batch batch, int[] byItem) {
    batch.addListener(listener(id, byItem));
    for (BatchItem item : batch.items()) {
      if (item.index() < byItem.length && byItem[item.index()] >= 0 && item.status().isTerminal()) {
        apply(id, batch.id(), byItem[item.index()], item);
      }
    }
  }

  private BatchListener listener(String id, int[] byItem) {
    return new BatchListener() {
      @Override
      public void onItemSubmitted(Batch batch, BatchItem item) {
        int n = byItem[item.index()];
        if (n < 0) return;
        engine.update(id, st -> {
          ProjectState.VariantState v = st.variant(n);
          if (v == null || v.status != CalendarVariant.Status.PENDING || !batch.id().equals(v.batchId)) return false;
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
   * nothing and is sent again, at most {@value #MAX_RESENDS} times. Variants waiting for the batch
   * to end are launched once it has.
   */
  private void apply(String id, String batchId, int number, BatchItem item) {
    try {
      Optional<Job> job = item.finalJob();
      boolean neverSent = item.status() == JobStatus.CANCELED && job.map(j -> j.providerJobId().isEmpty()).orElse(true);
      ProjectStore.Change ch = engine.update(id, st -> {
        ProjectState.VariantState v = st.variant(number);
        if (v == null || v.status.isEnded() || !batchId.equals(v.batchId)) return false;
        if (neverSent && v.resends < MAX_RESENDS && st.status == ProjectStatus.GENERATING) {
          v.resends++;
          v.status = CalendarVariant.Status.PENDING;
          v.batchId = null;
          v.item = null;
          v.jobId = null;
          return true;
        }
        v.item = item.index();
        if (item.status() == JobStatus.SUCCEEDED && job.isPresent() && !job.get().outputs().isEmpty()) {
          v.succeeded(job.get(), false);
        } else {
          v.failed(item.error().map(JobError::message).orElse("the job ended " + item.status().wireName()), job.orElse(null));
          v.jobId = item.jobId();
        }
        return true;
      });
      if (ch == null) return;
      ProjectState.VariantState v = ch.after().variant(number);
      // In the cache before the project can settle: a project ready for selection has its every image there.
      if (v.status == CalendarVariant.Status.SUCCEEDED && v.key != null) cache.putVariant(v.key, v.jobId);
      if (v.status == CalendarVariant.Status.PENDING) {
        log.info("calendar {}: variant {} was cancelled before it reached the provider; sending it again", id, number);
      }
      if (!ch.after().batchRunning() && ch.after().variants.stream().anyMatch(ProjectState.VariantState::unsent)) {
        launch(id); // which settles the project when nothing is left to send
      } else {
        engine.update(id, st -> st.settle(engine.config().clock().now()));
      }
    } catch (RuntimeException e) {
      log.error("calendar {}: variant {} could not be recorded", id, number, e);
    }
  }
}
