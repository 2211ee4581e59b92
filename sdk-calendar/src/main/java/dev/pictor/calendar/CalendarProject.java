package dev.pictor.calendar;

import dev.pictor.GeneratedImage;
import dev.pictor.GenerationException;
import dev.pictor.GenerationTimeoutException;
import dev.pictor.InvalidRequestException;
import dev.pictor.calendar.internal.CalendarEngine;
import dev.pictor.calendar.internal.ProjectState;
import dev.pictor.calendar.internal.Views;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One customer's calendar: a handle on a project stored in the job store. Every read goes to the
 * store, so a handle always shows the project as it stands, in this process or after a restart.
 * Thread-safe.
 *
 * <pre>{@code
 * CalendarProject project = calendars.start(request);
 * project.awaitReady(Duration.ofMinutes(30));            // or follow CalendarListener events
 * List<CalendarVariant> gallery = project.variants();
 * project.regenerate(gallery.get(4).id());              // a new seed for one variant, the rest untouched
 * project.awaitReady(Duration.ofMinutes(5));
 * project.select(List.of(MonthPick.of(1, gallery.get(7).id()), ...));   // twelve picks
 * CalendarFiles files = project.finalizeCalendar(Path.of("calendar.pdf"), RenderOptions.builder().locale("uk").build());
 * }</pre>
 */
public final class CalendarProject {
  private final CalendarGenerator generator;
  private final String id;

  CalendarProject(CalendarGenerator generator, String id) {
    this.generator = generator;
    this.id = id;
  }

  private CalendarEngine engine() {
    return generator.engine();
  }

  private ProjectState state() {
    return engine().projects().require(id);
  }

  /** The project's id, {@code cal_...}. */
  public String id() {
    return id;
  }

  /** The status, percentage, current step, ETA and variant counts now. */
  public CalendarProgress progress() {
    return Views.progress(state());
  }

  /** The status now. */
  public ProjectStatus status() {
    return state().status;
  }

  /** The project's theme. */
  public CalendarTheme theme() {
    return state().theme;
  }

  /** Every variant as it stands, in number order; each is there as soon as it is planned. */
  public List<CalendarVariant> variants() {
    return Views.variants(state());
  }

  /** The current selection, January first; empty before one was made. */
  public List<MonthPick> selection() {
    return List.copyOf(state().selection);
  }

  /**
   * The stored image of a variant that succeeded, to show or save.
   *
   * @param variantId the variant's id
   * @return the image
   * @throws InvalidRequestException when the variant is not this project's or has no image
   */
  public GeneratedImage image(String variantId) {
    Objects.requireNonNull(variantId, "variantId == null");
    return engine().image(id, variantId);
  }

  /**
   * Waits until the project is ready for selection, completed or failed.
   *
   * @param timeout how long to wait
   * @return the progress then
   * @throws GenerationTimeoutException when it is still working after {@code timeout} (it goes on)
   * @throws IllegalStateException when it is in flight in the store but no generator here runs it
   */
  public CalendarProgress awaitReady(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout == null");
    CompletableFuture<CalendarProgress> ready = awaitReadyAsync();
    try {
      return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      ready.cancel(false);
      throw new GenerationTimeoutException("calendar project " + id + " is still " + status().wireName() + " after "
          + timeout + "; it goes on, and awaitReady may be called again", null, null);
    } catch (InterruptedException e) {
      ready.cancel(false);
      Thread.currentThread().interrupt();
      throw new GenerationException("interrupted while waiting for calendar project " + id + "; it goes on", null, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
      throw new GenerationException(e.getCause().toString(), null, e.getCause());
    }
  }

  /**
   * The asynchronous twin of {@link #awaitReady}; it completes on the thread that settled the project,
   * after the listeners heard of it. Cancel it to stop waiting.
   */
  public CompletableFuture<CalendarProgress> awaitReadyAsync() {
    return engine().awaitSettled(id);
  }

  /**
   * Stores the customer's selection: exactly 12 picks, months 1 to 12 each once, every variant of
   * this project and succeeded.
   *
   * @param picks the twelve picks
   * @return the stored selection
   * @throws InvalidRequestException naming every problem (a count other than 12, a month twice or
   *     outside 1 to 12, a variant twice, another project's or a failed variant), or when the project
   *     is not ready for selection
   */
  public List<MonthPick> select(List<MonthPick> picks) {
    Objects.requireNonNull(picks, "picks == null");
    return engine().finisher().select(id, picks);
  }

  /**
   * Selects the first 12 succeeded variants in order as January to December, for scripted use.
   *
   * @return the stored selection
   * @throws InvalidRequestException when fewer than 12 variants succeeded
   */
  public List<MonthPick> autoSelect() {
    return engine().autoSelect(id);
  }

  /**
   * Generates one variant again with a new seed and the same theme, leaving the others as they are.
   * Its earlier image is deleted. The project is {@link ProjectStatus#GENERATING} until it ends; while
   * other variants are still being generated, it waits for them (so no more than the parallelism run
   * at once).
   *
   * @param variantId the variant's id
   * @return the variant as planned (or already served from the cache)
   * @throws InvalidRequestException when the variant is not this project's, is still running, is in
   *     the selection, or the project is completed, finalizing, training or expired
   */
  public CalendarVariant regenerate(String variantId) {
    Objects.requireNonNull(variantId, "variantId == null");
    return engine().regenerate(id, variantId);
  }

  /**
   * Turns a finished preview into the full project: the preview's images are deleted and the full
   * set of variants is generated on the full model (a LoRA is not trained again).
   *
   * @return this project
   * @throws InvalidRequestException when this is not a preview that finished
   */
  public CalendarProject generateFull() {
    engine().generateFull(id);
    return this;
  }

  /**
   * Renders the calendar of the stored selection (a cover and 12 months) to {@code pdf}, plus PNG
   * pages when the options ask for them, then deletes the images of the variants not selected and
   * completes the project. Files are written under temporary names and moved into place.
   *
   * @param pdf where the PDF goes
   * @param options year, locale, paper, orientation, PNG pages
   * @return the files written
   * @throws InvalidRequestException when there is no valid selection or the project is not ready
   * @throws java.io.UncheckedIOException when writing fails; the project stays ready for selection
   */
  public CalendarFiles finalizeCalendar(Path pdf, RenderOptions options) {
    Objects.requireNonNull(pdf, "pdf == null");
    Objects.requireNonNull(options, "options == null");
    return engine().finisher().finalizeCalendar(id, pdf, options);
  }

  /**
   * Renders the selection without changing the project: a proof before finalizing, or a reprint in
   * another locale or size after completion.
   *
   * @param pdf where the PDF goes
   * @param options year, locale, paper, orientation, PNG pages
   * @return the files written
   * @throws InvalidRequestException when there is no valid selection
   */
  public CalendarFiles render(Path pdf, RenderOptions options) {
    Objects.requireNonNull(pdf, "pdf == null");
    Objects.requireNonNull(options, "options == null");
    return engine().finisher().render(id, pdf, options);
  }

  @Override
  public String toString() {
    return "CalendarProject{" + id + "}";
  }
}
