package dev.pictor.calendar.internal;

import dev.pictor.calendar.CalendarListener;
import dev.pictor.calendar.CalendarProgress;
import dev.pictor.calendar.CalendarVariant;
import dev.pictor.calendar.ProjectStatus;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the listeners what a stored change changed: the status, variants that became ready or failed,
 * and the progress. One project's events are delivered one at a time and in the order its changes
 * were stored, even when several threads store changes at once: a change is stored and its events
 * queued under the project's lock, and the queue is then delivered by one thread at a time, outside
 * any lock (a listener may call back into the project). A listener that throws is logged and the
 * workflow goes on. Thread-safe.
 */
final class Events {
  private static final Logger log = LoggerFactory.getLogger(Events.class);
  /** Projects share a few lanes: one lane's events are ordered; memory stays bounded. */
  private static final int LANES = 64;

  private final List<CalendarListener> listeners;
  private final Lane[] lanes = new Lane[LANES];

  Events(List<CalendarListener> listeners) {
    this.listeners = List.copyOf(listeners);
    for (int i = 0; i < LANES; i++) lanes[i] = new Lane();
  }

  /**
   * Stores a change with {@code write} and queues its events, then {@code after} (say, completing
   * waiters), under the project's lock; then delivers what is queued. Returns what {@code write}
   * returned: the change, or null when nothing was written (and nothing is told).
   */
  ProjectStore.Change write(String projectId, Supplier<ProjectStore.Change> write, Consumer<ProjectStore.Change> after) {
    Lane lane = lane(projectId);
    ProjectStore.Change ch;
    synchronized (lane) {
      ch = write.get();
      if (ch != null) {
        lane.queue.add(() -> changed(ch));
        lane.queue.add(() -> after.accept(ch));
      }
    }
    lane.drain();
    return ch;
  }

  /** Tells of a new project, in its lane's order. */
  void started(String projectId, CalendarProgress progress) {
    Lane lane = lane(projectId);
    synchronized (lane) {
      lane.queue.add(() -> {
        each(l -> l.onStatusChanged(projectId, null, ProjectStatus.PENDING));
        each(l -> l.onProgress(progress));
      });
    }
    lane.drain();
  }

  private Lane lane(String projectId) {
    return lanes[Math.floorMod(projectId.hashCode(), LANES)];
  }

  /** Events waiting for delivery, delivered by one thread at a time in the order they were queued. */
  private static final class Lane {
    final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    final AtomicBoolean draining = new AtomicBoolean();

    void drain() {
      // Whoever finds the lane idle delivers everything queued, its own and others'; a thread that
      // queued while another delivers leaves its events to that one, so they stay in order.
      while (!queue.isEmpty() && draining.compareAndSet(false, true)) {
        try {
          for (Runnable r; (r = queue.poll()) != null; ) {
            try {
              r.run();
            } catch (RuntimeException e) {
              log.error("delivering a calendar event failed", e);
            }
          }
        } finally {
          draining.set(false);
        }
      }
    }
  }

  private void changed(ProjectStore.Change ch) {
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
