package dev.pictor.calendar.internal;

import dev.pictor.Job;
import dev.pictor.StoredOutput;
import dev.pictor.calendar.CalendarTheme;
import dev.pictor.calendar.CalendarVariant;
import dev.pictor.calendar.MonthPick;
import dev.pictor.calendar.ProjectStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A calendar project as stored in the job store's payload. Mutable on purpose and never shared:
 * every read decodes a fresh copy, a change is made to that copy and written back with
 * compare-and-set ({@link ProjectStore#update}), and is applied again to a fresh copy if someone
 * else wrote first. Moshi reads and writes the public fields.
 */
public final class ProjectState {
  /** {@code lora} or {@code edit}. */
  public static final String LORA = "lora";
  public static final String EDIT = "edit";

  public String id;
  public String owner;
  public ProjectStatus status;
  public CalendarTheme theme;
  public String provider;
  public String method;
  /** The edit model, or the trained version once training succeeded. */
  public String model;
  public boolean preview;
  public int variantCount;
  public int parallel;
  public long seed;
  public String triggerWord;
  public List<Photo> photos = new ArrayList<>();
  public Training training;
  public List<VariantState> variants = new ArrayList<>();
  public List<MonthPick> selection = new ArrayList<>();
  public int regenerations;
  /** Batches claimed so far; the next one is numbered one more (see {@link #claimBatch}). */
  public int batches;
  public Instant createdAt;
  public Instant readyAt;
  public Instant completedAt;
  public String failure;
  /** {@code training}, {@code generation} or {@code expired}. */
  public String failureKind;
  public boolean expired;
  public Render render;

  /** A customer photo: its name, its file (null for bytes, which do not survive a restart) and digest. */
  public static final class Photo {
    public String name;
    public String path;
    public String sha256;
  }

  /** The LoRA training: its cache key, destination and, as they become known, id and version. */
  public static final class Training {
    public String key;
    public String destination;
    public String trainingId;
    public String version;
    public boolean cached;
    public Instant startedAt;
  }

  /** One variant: its recipe, where it runs, and its outcome. */
  public static final class VariantState {
    public int number;
    public int photo;
    public long seed;
    public CalendarVariant.Status status = CalendarVariant.Status.PENDING;
    public String key;
    public String batchId;
    public Integer item;
    public String jobId;
    public boolean cached;
    public String location;
    public String contentType;
    public long size;
    public String error;
    public Long durationMs;
    /** Times it was sent again after its job was cancelled before reaching the provider. */
    public int resends;

    /** Succeeded with {@code job}'s first output; {@code cached}: an earlier project's job, nothing paid. */
    void succeeded(Job job, boolean cached) {
      StoredOutput out = job.outputs().get(0);
      status = CalendarVariant.Status.SUCCEEDED;
      jobId = job.id();
      this.cached = cached;
      location = out.location();
      contentType = out.contentType();
      size = out.size();
      error = null;
      durationMs = cached ? null : duration(job);
    }

    /** Failed for {@code why}; {@code job}, when there is one, measured how long it took. */
    void failed(String why, Job job) {
      status = CalendarVariant.Status.FAILED;
      error = Objects.requireNonNullElse(why, "failed");
      durationMs = job == null ? null : duration(job);
    }

    private static Long duration(Job job) {
      return job.completedAt().map(end -> Duration.between(job.createdAt(), end).toMillis()).orElse(null);
    }

    /** Whether it waits to be claimed by a batch (planned, or to be sent again). */
    boolean unsent() {
      return status == CalendarVariant.Status.PENDING && batchId == null;
    }

    /** Back to planned, as a regeneration with {@code newSeed} needs it. */
    void reset(long newSeed) {
      seed = newSeed;
      status = CalendarVariant.Status.PENDING;
      key = null;
      batchId = null;
      item = null;
      jobId = null;
      cached = false;
      location = null;
      contentType = null;
      size = 0;
      error = null;
      durationMs = null;
      resends = 0;
    }
  }

  /** Where the calendar is rendered to and how (stored so a restart while finalizing finishes it). */
  public static final class Render {
    public String pdf;
    public int year;
    public String locale;
    public String paper;
    public String orientation;
    public String title;
    public String pngDirectory;
    public int pngDpi;
  }

  /** The variant with that number, or null. */
  public VariantState variant(int number) {
    for (VariantState v : variants) {
      if (v.number == number) return v;
    }
    return null;
  }

  /** The id of variant {@code number}: {@code <project>-v07}. */
  public String variantId(int number) {
    return id + "-v" + (number < 10 ? "0" : "") + number;
  }

  /** How many variants are in that status. */
  public int count(CalendarVariant.Status s) {
    int n = 0;
    for (VariantState v : variants) if (v.status == s) n++;
    return n;
  }

  /** Plans variants 1 to {@code n}, cycling through the photos, seeds counting up from {@link #seed}. */
  public void plan(int n) {
    variants = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      VariantState v = new VariantState();
      v.number = i + 1;
      v.photo = i % photos.size();
      v.seed = seed + i;
      variants.add(v);
    }
  }

  /** Whether a batch of this project has a variant that has not ended: it runs, or is about to. */
  public boolean batchRunning() {
    for (VariantState v : variants) if (v.batchId != null && !v.status.isEnded()) return true;
    return false;
  }

  /**
   * Claims the next batch for {@code toSend} (in item order): its id is the project's and the batch's
   * number, so the same batch can never be started twice (the core refuses a stored id), whoever
   * tries. Returns the batch id.
   */
  String claimBatch(List<VariantState> toSend) {
    batches++;
    String batchId = "batch_" + id.replace('_', '-') + "-b" + batches;
    for (int i = 0; i < toSend.size(); i++) {
      toSend.get(i).batchId = batchId;
      toSend.get(i).item = i;
      toSend.get(i).jobId = null;
    }
    return batchId;
  }

  /** A fresh, unused seed for a regenerated variant. */
  public long nextSeed() {
    regenerations++;
    return seed + variantCount + regenerations - 1;
  }

  /**
   * Once every variant ended: ready for selection when one succeeded, failed when none did. Returns
   * whether the status changed.
   */
  public boolean settle(Instant now) {
    if (status != ProjectStatus.GENERATING) return false;
    for (VariantState v : variants) if (!v.status.isEnded()) return false;
    if (count(CalendarVariant.Status.SUCCEEDED) > 0) {
      status = ProjectStatus.READY_FOR_SELECTION;
      if (readyAt == null) readyAt = now;
    } else {
      status = ProjectStatus.FAILED;
      failureKind = "generation";
      failure = "every variant failed (last error: " + lastError() + "); regenerate a variant to try again";
    }
    return true;
  }

  private String lastError() {
    for (int i = variants.size() - 1; i >= 0; i--) {
      if (variants.get(i).error != null) return variants.get(i).error;
    }
    return "none given";
  }
}
