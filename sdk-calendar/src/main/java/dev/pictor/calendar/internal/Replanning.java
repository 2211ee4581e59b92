package dev.pictor.calendar.internal;

import dev.pictor.InvalidRequestException;
import dev.pictor.calendar.CalendarVariant;
import dev.pictor.calendar.ProjectStatus;
import java.util.List;

/**
 * Plans variants again: one variant with a new seed (the others untouched), or a finished preview's
 * full set. The images let go are deleted unless another project holds them. Thread-safe.
 */
final class Replanning {
  private final CalendarEngine engine;

  Replanning(CalendarEngine engine) {
    this.engine = engine;
  }

  /**
   * Plans variant {@code number} again with a new seed and generates it, leaving the others as they
   * are; its earlier image is deleted unless another project uses it.
   *
   * @throws InvalidRequestException when the project or the variant cannot be regenerated now
   */
  CalendarVariant regenerate(String id, int number) {
    ProjectState s = engine.projects().require(id);
    boolean allowed = s.status == ProjectStatus.GENERATING || s.status == ProjectStatus.READY_FOR_SELECTION
        || (s.status == ProjectStatus.FAILED && "generation".equals(s.failureKind));
    if (!allowed) {
      throw new InvalidRequestException("status", "project " + id + " is " + s.status.wireName()
          + (s.failure == null ? "" : " (" + s.failure + ")") + "; variants can be regenerated while generating,"
          + " when ready for selection, or after every variant failed");
    }
    ProjectState.VariantState v = s.variant(number);
    if (v == null) {
      throw new InvalidRequestException("variant", "project " + id + " has no variant " + s.variantId(number)
          + "; its variants are " + s.variantId(1) + " to " + s.variantId(s.variants.size()));
    }
    if (!v.status.isEnded()) {
      throw new InvalidRequestException("variant", "variant " + s.variantId(number) + " is still "
          + v.status.name().toLowerCase(java.util.Locale.ROOT) + "; regenerate it once it ended");
    }
    Integer month = monthOf(s, number);
    if (month != null) {
      throw new InvalidRequestException("variant", "variant " + s.variantId(number) + " illustrates month " + month
          + " of the selection; select another variant for month " + month + " before regenerating this one");
    }
    ProjectStore.Change ch = engine.update(id, st -> {
      ProjectState.VariantState now = st.variant(number);
      if (now == null || !now.status.isEnded() || now.status == CalendarVariant.Status.DELETED) return false;
      if (monthOf(st, number) != null) return false; // selected meanwhile
      now.reset(st.nextSeed());
      st.status = ProjectStatus.GENERATING;
      st.failure = null;
      st.failureKind = null;
      return true;
    });
    if (ch == null) throw new InvalidRequestException("variant", "variant " + s.variantId(number) + " cannot be regenerated now");
    engine.activate(id);
    engine.finisher().release(id, List.of(ch.before().variant(number)));
    engine.runner().launch(id);
    ProjectState after = engine.projects().require(id);
    return Views.variant(after, after.variant(number));
  }

  /** The month variant {@code number} illustrates in the selection, or null. */
  private static Integer monthOf(ProjectState s, int number) {
    for (dev.pictor.calendar.MonthPick p : s.selection) if (p.variantId().equals(s.variantId(number))) return p.month();
    return null;
  }

  /**
   * Turns a preview into a full project: the preview's images are deleted and the full number of
   * variants is generated with the full model (a LoRA project keeps its trained LoRA).
   *
   * @throws InvalidRequestException when the project is not a preview that finished
   */
  void generateFull(String id, String editModel, int variants) {
    ProjectState s = engine.projects().require(id);
    if (!s.preview) throw new InvalidRequestException("preview", "project " + id + " is not a preview; it has its full set");
    if (!s.status.isSettled() || s.status == ProjectStatus.COMPLETED || "training".equals(s.failureKind) || s.expired) {
      throw new InvalidRequestException("status", "project " + id + " is " + s.status.wireName()
          + "; a preview is turned into the full set once it is ready for selection");
    }
    ProjectStore.Change ch = engine.update(id, st -> {
      if (!st.preview) return false;
      st.preview = false;
      st.variantCount = variants;
      if (st.method.equals(ProjectState.EDIT)) st.model = editModel;
      st.readyAt = null;
      st.failure = null;
      st.failureKind = null;
      st.status = ProjectStatus.GENERATING;
      st.plan(variants);
      return true;
    });
    if (ch == null) return;
    engine.activate(id);
    engine.finisher().release(id, ch.before().variants);
    engine.runner().launch(id);
  }
}
