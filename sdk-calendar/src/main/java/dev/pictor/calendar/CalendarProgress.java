package dev.pictor.calendar;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A project's progress as a status bar shows it (seed 001: "[=====>   ] 45% Step 2 of 4: generating
 * 24 variants..."): the status, a percentage, the current step in words, an ETA from the durations
 * measured so far, and the variant counts. Immutable snapshot; thread-safe.
 *
 * @param projectId the project
 * @param status where it is
 * @param percent 0 to 100
 * @param step the current step in words, such as {@code Step 2 of 4: generating 24 variants (7 ready)}
 * @param eta how long until every variant is ready, at the pace measured so far; empty before the
 *     first variant ended or when nothing is being generated
 * @param ready variants that succeeded
 * @param failed variants that failed
 * @param total variants planned
 * @param preview whether the project is a preview (fewer variants on a faster, cheaper model)
 * @param failure why the project failed, when it did
 * @param expired whether it failed because it expired without a selection
 */
public record CalendarProgress(String projectId, ProjectStatus status, int percent, String step, Optional<Duration> eta,
    int ready, int failed, int total, boolean preview, Optional<String> failure, boolean expired) {

  /**
   * Checks the required parts.
   *
   * @throws NullPointerException when a required part is null
   */
  public CalendarProgress {
    Objects.requireNonNull(projectId, "projectId == null");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(step, "step == null");
  }

  @Override
  public String toString() {
    return projectId + " " + status.wireName() + " " + percent + "% " + step
        + eta.map(e -> " (about " + e.toSeconds() + " s left)").orElse("");
  }
}
