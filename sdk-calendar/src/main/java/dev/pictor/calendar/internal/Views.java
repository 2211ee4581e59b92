package dev.pictor.calendar.internal;

import dev.pictor.StoredOutput;
import dev.pictor.calendar.CalendarProgress;
import dev.pictor.calendar.CalendarVariant;
import dev.pictor.calendar.MonthPick;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What callers see of a stored project: its progress (percentage, step in words, ETA from the
 * durations of variants that ended) and its variants. Stateless; thread-safe.
 *
 * <p>Percentages: training is 10 %; generation fills from 30 % (after training) or 5 % (direct
 * stylisation) up to 90 % as variants end; waiting for the selection is 90 %, rendering 95 %, done
 * 100 %.
 */
public final class Views {
  private Views() {}

  /** The project's progress now. */
  public static CalendarProgress progress(ProjectState s) {
    int total = s.variants.isEmpty() ? s.variantCount : s.variants.size();
    int ready = s.count(CalendarVariant.Status.SUCCEEDED);
    int failed = s.count(CalendarVariant.Status.FAILED);
    int ended = 0;
    for (ProjectState.VariantState v : s.variants) if (v.status.isEnded()) ended++;
    boolean lora = ProjectState.LORA.equals(s.method);
    int base = lora ? 30 : 5;
    int generating = total == 0 ? base : base + (90 - base) * ended / total;
    String what = total + (s.preview ? " preview variants" : " variants");
    int percent;
    String step;
    Optional<Duration> eta = Optional.empty();
    switch (s.status) {
      case PENDING:
        percent = 0;
        step = "Waiting to start";
        break;
      case TRAINING:
        percent = 10;
        step = "Step 1 of 4: training a model on your " + s.photos.size() + " photos";
        break;
      case GENERATING:
        percent = generating;
        step = "Step 2 of 4: generating " + what + " (" + ready + " ready" + (failed > 0 ? ", " + failed + " failed" : "") + ")";
        eta = eta(s, total - ended);
        break;
      case READY_FOR_SELECTION:
        percent = 90;
        step = s.preview ? "Preview ready: " + ready + " variants to look at before generating the full set"
            : s.selection.isEmpty() ? "Step 3 of 4: choose 12 of the " + ready + " variants and give each a month"
            : "Step 3 of 4: 12 months chosen; finalize to render the calendar";
        break;
      case FINALIZING:
        percent = 95;
        step = "Step 4 of 4: rendering the calendar";
        break;
      case COMPLETED:
        percent = 100;
        step = "Done: the calendar is " + (s.render == null ? "rendered" : s.render.pdf);
        break;
      default:
        percent = s.failureKind != null && s.failureKind.equals("training") ? 10 : generating;
        step = "Failed: " + s.failure;
    }
    return new CalendarProgress(s.id, s.status, percent, step, eta, ready, failed, total, s.preview,
        Optional.ofNullable(s.failure), s.expired);
  }

  /** How long the rest should take: the mean of the measured durations, times the rounds left at the parallelism. */
  private static Optional<Duration> eta(ProjectState s, int remaining) {
    long sum = 0;
    int n = 0;
    for (ProjectState.VariantState v : s.variants) {
      if (v.durationMs != null && !v.cached) {
        sum += v.durationMs;
        n++;
      }
    }
    if (n == 0 || remaining <= 0) return remaining <= 0 && n > 0 ? Optional.of(Duration.ZERO) : Optional.empty();
    int parallel = Math.max(1, s.parallel);
    long rounds = (remaining + parallel - 1) / parallel;
    return Optional.of(Duration.ofMillis(sum / n * rounds));
  }

  /** Every variant, in number order. */
  public static List<CalendarVariant> variants(ProjectState s) {
    List<CalendarVariant> out = new ArrayList<>(s.variants.size());
    for (ProjectState.VariantState v : s.variants) out.add(variant(s, v));
    return out;
  }

  /** One variant as callers see it. */
  public static CalendarVariant variant(ProjectState s, ProjectState.VariantState v) {
    String id = s.variantId(v.number);
    Integer month = null;
    for (MonthPick p : s.selection) if (p.variantId().equals(id)) month = p.month();
    StoredOutput output = v.location == null || v.status != CalendarVariant.Status.SUCCEEDED ? null
        : new StoredOutput(0, v.location, v.contentType, v.size);
    return new CalendarVariant(id, s.id, v.number, s.photos.get(v.photo).name, v.seed, v.status,
        Optional.ofNullable(v.jobId), Optional.ofNullable(output), v.cached, s.preview, Optional.ofNullable(month),
        Optional.ofNullable(v.error));
  }
}
