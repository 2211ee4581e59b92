package dev.pictor.calendar;

import dev.pictor.StoredOutput;
import java.util.Objects;
import java.util.Optional;

/**
 * One stylised variant of a project, as it stands: which photo and seed it came from, its job, its
 * image once it is ready, and the month it illustrates once selected. Read the image with
 * {@link CalendarProject#image(String)}. Immutable snapshot; thread-safe.
 *
 * @param id the variant's id, {@code <project id>-v<number>}, used in {@link MonthPick}
 * @param projectId the project it belongs to
 * @param number its number in the project, from 1
 * @param photo the name of the customer photo it stylises
 * @param seed the seed it was generated with
 * @param status where it is
 * @param jobId the generation job that made (or makes) it; for a cached variant, the earlier job whose
 *     output it reuses
 * @param output the stored image, once it succeeded
 * @param cached whether it reuses an earlier output of the same theme, photo and seed (nothing paid)
 * @param preview whether it was made in preview mode
 * @param month the month it illustrates in the current selection
 * @param error why it failed
 */
public record CalendarVariant(String id, String projectId, int number, String photo, long seed, Status status,
    Optional<String> jobId, Optional<StoredOutput> output, boolean cached, boolean preview, Optional<Integer> month,
    Optional<String> error) {

  /**
   * Checks the required parts.
   *
   * @throws NullPointerException when a required part is null
   */
  public CalendarVariant {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(projectId, "projectId == null");
    Objects.requireNonNull(status, "status == null");
  }

  /** Where a variant is. */
  public enum Status {
    /** Planned, not sent yet. */
    PENDING,
    /** Its job is at the provider. */
    RUNNING,
    /** Its image is stored and can be selected. */
    SUCCEEDED,
    /** Its job failed; {@link CalendarProject#regenerate(String)} tries again with a new seed. */
    FAILED,
    /** Its image was deleted: not selected when the calendar was finalized, or the project expired. */
    DELETED;

    /** Whether the variant will not change unless regenerated. */
    public boolean isEnded() {
      return this != PENDING && this != RUNNING;
    }
  }

  @Override
  public String toString() {
    return "CalendarVariant{" + id + " " + status + " photo=" + photo + " seed=" + seed + (cached ? " cached" : "")
        + month.map(m -> " month=" + m).orElse("") + "}";
  }
}
