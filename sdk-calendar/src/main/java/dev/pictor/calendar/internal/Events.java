package dev.pictor.calendar.internal;

import dev.pictor.calendar.CalendarListener;
import dev.pictor.calendar.CalendarProgress;
import dev.pictor.calendar.CalendarVariant;
import dev.pictor.calendar.ProjectStatus;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the listener what a stored change changed: the status, variants that became ready or failed,
 * and the progress. A listener that throws is logged and the workflow goes on. Thread-safe.
 */
final class Events {
  private static final Logger log = LoggerFactory.getLogger(Events.class);

  private final List<CalendarListener> listeners;

  Events(List<CalendarListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  void statusChanged(String id, ProjectStatus from, ProjectStatus to, CalendarProgress progress) {
    each(l -> l.onStatusChanged(id, from, to));
    each(l -> l.onProgress(progress));
  }

  void changed(ProjectStore.Change ch) {
    ProjectState a = ch.after();
    ProjectState b = ch.before();
    if (a.status != b.status) each(l -> l.onStatusChanged(a.id, b.status, a.status));
    for (ProjectState.VariantState v : a.variants) {
      ProjectState.VariantState was = b.variant(v.number);
      boolean moved = was == null || was.status != v.status || !java.util.Objects.equals(was.jobId, v.jobId);
      if (!moved) continue;
      CalendarVariant view = Views.variant(a, v);
      if (v.status == CalendarVariant.Status.SUCCEEDED) each(l -> l.onVariantReady(view));
      else if (v.status == CalendarVariant.Status.FAILED) each(l -> l.onVariantFailed(view));
    }
    CalendarProgress progress = Views.progress(a);
    each(l -> l.onProgress(progress));
  }

  private void each(Consumer<CalendarListener> call) {
    for (CalendarListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        log.warn("a calendar listener threw; ignored", e);
      }
    }
  }

  /** A failure's own message, without the wrappers futures add. */
  static String message(Throwable e) {
    Throwable t = cause(e);
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** The failure inside the wrappers futures add. */
  static Throwable cause(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) t = t.getCause();
    return t;
  }

  /** Why a photo given in memory is missing after a restart. */
  static String lostPhoto(ProjectState s, int index) {
    return "photo " + (index + 1) + " (" + s.photos.get(index).name + ") was given in memory and did not survive the"
        + " restart; give photos as files for projects that must survive one";
  }
}
