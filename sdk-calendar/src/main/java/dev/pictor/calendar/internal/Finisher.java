package dev.pictor.calendar.internal;

import dev.pictor.Batch;
import dev.pictor.GenerationClient;
import dev.pictor.InvalidRequestException;
import dev.pictor.calendar.CalendarFiles;
import dev.pictor.calendar.CalendarVariant;
import dev.pictor.calendar.MonthPick;
import dev.pictor.calendar.ProjectStatus;
import dev.pictor.calendar.RenderOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a project: selecting, rendering the calendar and deleting the unselected variants'
 * images (finalize), re-rendering, expiring projects left without a selection, and deleting images
 * no project holds any more. An image another project still holds (through the cache) is kept.
 * Thread-safe.
 */
public final class Finisher {
  private static final Logger log = LoggerFactory.getLogger(Finisher.class);

  private final CalendarEngine engine;
  private final GenerationClient client;
  private final OutputCache cache;

  Finisher(CalendarEngine engine, OutputCache cache) {
    this.engine = engine;
    this.client = engine.config().client();
    this.cache = cache;
  }

  /** Checks and stores a selection. */
  public List<MonthPick> select(String id, List<MonthPick> picks) {
    List<MonthPick> copy = List.copyOf(picks);
    Selection.check(engine.projects().require(id), copy);
    ProjectStore.Change ch = engine.update(id, st -> {
      Selection.check(st, copy);
      st.selection = new ArrayList<>(copy);
      return true;
    });
    if (ch == null) throw new IllegalStateException("the selection of " + id + " was not stored");
    return copy;
  }

  /**
   * Renders the selected calendar, then deletes the unselected variants' images and completes the
   * project.
   *
   * @throws InvalidRequestException when the project has no valid selection or is not ready
   * @throws UncheckedIOException when the files cannot be written (the project stays ready)
   */
  public CalendarFiles finalizeCalendar(String id, Path pdf, RenderOptions options) {
    ProjectState s = engine.projects().require(id);
    if (s.status == ProjectStatus.COMPLETED) {
      throw new InvalidRequestException("status", "project " + id + " is completed already; render() prints it again");
    }
    requireSelection(s);
    ProjectState.Render spec = spec(pdf, options);
    ProjectStore.Change ch = engine.update(id, st -> {
      if (st.status != ProjectStatus.READY_FOR_SELECTION || st.selection.isEmpty()) return false;
      st.status = ProjectStatus.FINALIZING;
      st.render = spec;
      return true;
    });
    if (ch == null) throw new InvalidRequestException("status", "project " + id + " changed meanwhile and cannot be finalized now");
    return complete(id, pdf, options);
  }

  /** Finishes a project a restart left finalizing, with the settings it was finalized with. */
  void resume(String id) {
    ProjectState.Render r = engine.projects().require(id).render;
    RenderOptions.Builder b = RenderOptions.builder().year(r.year).locale(r.locale)
        .paper(RenderOptions.Paper.valueOf(r.paper)).orientation(RenderOptions.Orientation.valueOf(r.orientation));
    if (r.title != null) b.title(r.title);
    if (r.pngDirectory != null) b.pngPages(Path.of(r.pngDirectory), r.pngDpi);
    try {
      complete(id, Path.of(r.pdf), b.build());
    } catch (RuntimeException e) {
      log.warn("calendar {}: finishing it after a restart failed; it is ready for selection again: {}", id, e.toString());
    }
  }

  private CalendarFiles complete(String id, Path pdf, RenderOptions options) {
    CalendarFiles files;
    try {
      files = render(engine.projects().require(id), pdf, options);
    } catch (RuntimeException e) {
      engine.update(id, st -> {
        if (st.status != ProjectStatus.FINALIZING) return false;
        st.status = ProjectStatus.READY_FOR_SELECTION;
        st.render = null;
        return true;
      });
      throw e;
    }
    ProjectStore.Change ch = engine.update(id, st -> {
      if (st.status != ProjectStatus.FINALIZING) return false;
      Set<String> kept = new LinkedHashSet<>();
      for (MonthPick p : st.selection) kept.add(p.variantId());
      for (ProjectState.VariantState v : st.variants) {
        if (!kept.contains(st.variantId(v.number)) && v.status == CalendarVariant.Status.SUCCEEDED) {
          v.status = CalendarVariant.Status.DELETED;
        }
      }
      st.status = ProjectStatus.COMPLETED;
      st.completedAt = engine.config().clock().now();
      return true;
    });
    if (ch != null) release(id, deleted(ch));
    return files;
  }

  /**
   * Renders the selection without changing the project (a proof before finalizing, or a reprint in
   * another locale afterwards).
   */
  public CalendarFiles render(String id, Path pdf, RenderOptions options) {
    ProjectState s = engine.projects().require(id);
    if (s.status != ProjectStatus.COMPLETED) requireSelection(s);
    return render(s, pdf, options);
  }

  private CalendarFiles render(ProjectState s, Path pdf, RenderOptions options) {
    List<byte[]> images = new ArrayList<>(Selection.MONTHS);
    for (int month = 1; month <= Selection.MONTHS; month++) {
      String variantId = null;
      for (MonthPick p : s.selection) if (p.month() == month) variantId = p.variantId();
      ProjectState.VariantState v = Selection.variantOf(s, variantId);
      try (InputStream in = client.await(v.jobId).images().get(0).openStream()) {
        images.add(in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("the image of " + variantId + " (month " + month + ") cannot be read", e);
      }
    }
    try {
      return PdfCalendar.render(s.theme, options, images, pdf);
    } catch (IOException e) {
      throw new UncheckedIOException("rendering calendar " + s.id + " to " + pdf + " failed: " + e.getMessage(), e);
    }
  }

  private void requireSelection(ProjectState s) {
    if (s.selection.isEmpty()) {
      throw new InvalidRequestException("selection", "project " + s.id + " has no selection: select(...) 12 variants"
          + " or autoSelect() first");
    }
    Selection.check(s, s.selection);
  }

  private static ProjectState.Render spec(Path pdf, RenderOptions o) {
    ProjectState.Render r = new ProjectState.Render();
    r.pdf = pdf.toAbsolutePath().toString();
    r.year = o.year();
    r.locale = o.locale().toLanguageTag();
    r.paper = o.paper().name();
    r.orientation = o.orientation().name();
    r.title = o.title().orElse(null);
    r.pngDirectory = o.pngDirectory().map(p -> p.toAbsolutePath().toString()).orElse(null);
    r.pngDpi = o.pngDpi();
    return r;
  }

  // ---- expiry and deletion ----------------------------------------------------------------------

  /** Expires every project left without a selection for longer than the expiry; returns their ids. */
  public List<String> expire() {
    java.time.Duration expiry = engine.config().expiry();
    Instant now = engine.config().clock().now();
    List<String> expired = new ArrayList<>();
    for (ProjectState s : engine.projects().query(Set.of(ProjectStatus.PENDING, ProjectStatus.TRAINING,
        ProjectStatus.GENERATING, ProjectStatus.READY_FOR_SELECTION, ProjectStatus.FAILED))) {
      if (s.expired || !s.selection.isEmpty()) continue;
      Instant from = s.readyAt != null ? s.readyAt : s.createdAt;
      if (from.plus(expiry).isAfter(now)) continue;
      Set<String> running = new LinkedHashSet<>();
      for (ProjectState.VariantState v : s.variants) if (!v.status.isEnded() && v.batchId != null) running.add(v.batchId);
      ProjectStore.Change ch = engine.update(s.id, st -> {
        if (st.expired || !st.selection.isEmpty()) return false;
        for (ProjectState.VariantState v : st.variants) {
          if (v.status != CalendarVariant.Status.FAILED) v.status = CalendarVariant.Status.DELETED;
        }
        st.status = ProjectStatus.FAILED;
        st.expired = true;
        st.failureKind = "expired";
        st.failure = "expired: no selection within " + describe(expiry) + "; its variants were deleted";
        return true;
      });
      if (ch == null) continue;
      for (String batchId : running) client.batch(batchId).ifPresent(Batch::cancel);
      release(s.id, deleted(ch));
      expired.add(s.id);
      log.info("calendar {}: expired without a selection; its variant images were deleted", s.id);
    }
    return expired;
  }

  private static String describe(java.time.Duration d) {
    if (d.toDays() >= 1 && d.toHours() % 24 == 0) return d.toDays() + (d.toDays() == 1 ? " day" : " days");
    return d.toString();
  }

  /** The variants a change deleted, as they were before it. */
  private static List<ProjectState.VariantState> deleted(ProjectStore.Change ch) {
    List<ProjectState.VariantState> out = new ArrayList<>();
    for (ProjectState.VariantState v : ch.after().variants) {
      ProjectState.VariantState was = ch.before().variant(v.number);
      if (v.status == CalendarVariant.Status.DELETED && was != null && was.status == CalendarVariant.Status.SUCCEEDED) {
        out.add(was);
      }
    }
    return out;
  }

  /**
   * Deletes the images (and jobs) of variants a project let go, unless another project holds them;
   * their cache entries go with them.
   */
  void release(String projectId, Collection<ProjectState.VariantState> variants) {
    for (ProjectState.VariantState v : variants) {
      if (v == null || v.jobId == null || v.status != CalendarVariant.Status.SUCCEEDED) continue;
      if (engine.projects().heldByOthers(v.jobId, projectId)) continue;
      try {
        client.delete(v.jobId);
        if (v.key != null) cache.removeVariant(v.key, v.jobId);
      } catch (RuntimeException e) {
        log.warn("calendar {}: deleting the image of job {} failed: {}", projectId, v.jobId, e.toString());
      }
    }
  }
}
