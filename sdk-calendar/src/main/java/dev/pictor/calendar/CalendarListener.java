package dev.pictor.calendar;

/**
 * Receives a generator's project events: every status change, every variant as soon as it is ready
 * or failed (not after all of them), and the progress after each. Each event follows the stored
 * change it tells of. One project's events come one at a time and in the order its changes were
 * stored; they come on the client's callback threads (or the caller's, for steps it runs itself), and
 * different projects' events may come from several threads at once, so implementations must be
 * thread-safe. They should not block: a project's later events wait for them. A listener may call the
 * project (say, regenerate a failed variant); what that changes is told after the current event. A
 * listener that throws is logged and ignored.
 *
 * <pre>{@code
 * CalendarListener printer = new CalendarListener() {
 *   @Override public void onProgress(CalendarProgress p) { System.err.println(p); }
 *   @Override public void onVariantReady(CalendarVariant v) { gallery.show(v.id()); }
 * };
 * }</pre>
 */
public interface CalendarListener {
  /** A listener that ignores everything. */
  CalendarListener NONE = new CalendarListener() {};

  /**
   * A project moved from one status to another ({@code from} is null for a new project).
   *
   * @param projectId the project
   * @param from the status before, or null
   * @param to the status now
   */
  default void onStatusChanged(String projectId, ProjectStatus from, ProjectStatus to) {}

  /**
   * A variant's image is stored and can be shown and selected.
   *
   * @param variant the variant
   */
  default void onVariantReady(CalendarVariant variant) {}

  /**
   * A variant's job failed; it can be regenerated.
   *
   * @param variant the variant, with its error
   */
  default void onVariantFailed(CalendarVariant variant) {}

  /**
   * The project's progress changed: after every status change and every variant that ended.
   *
   * @param progress the progress now
   */
  default void onProgress(CalendarProgress progress) {}
}
