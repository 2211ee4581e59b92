package dev.pictor.calendar.internal;

import dev.pictor.GenerationException;
import dev.pictor.ImageInput;
import dev.pictor.calendar.ProjectStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A LoRA project's training: reuses the LoRA trained on the same photo set when the cache has one,
 * else trains, storing the training's id as soon as the provider gives it, so a restart follows the
 * same training instead of paying for another. A training that fails at the provider fails the
 * project with the provider's reason; one that this process merely lost track of (the client
 * closed) stays {@code training} for {@code resume()}. Thread-safe.
 */
final class TrainingStep {
  private static final Logger log = LoggerFactory.getLogger(TrainingStep.class);

  private final CalendarEngine engine;
  private final OutputCache cache;

  TrainingStep(CalendarEngine engine, OutputCache cache) {
    this.engine = engine;
    this.cache = cache;
  }

  /** Starts the training of a pending project, or reuses the LoRA trained on the same photos. */
  void start(ProjectState s) {
    LoraTrainer trainer = engine.config().trainer();
    List<String> digests = new ArrayList<>();
    for (ProjectState.Photo p : s.photos) digests.add(p.sha256);
    String key = Digests.training(trainer.provider(), trainer.owner(), s.triggerWord, digests);
    String destination = trainer.owner() + "/calendar-lora-" + key.substring(0, 12);
    var cached = cache.training(key);
    ProjectStore.Change ch = engine.update(s.id, st -> {
      if (st.status != ProjectStatus.PENDING) return false;
      st.training = new ProjectState.Training();
      st.training.key = key;
      st.training.destination = destination;
      st.training.startedAt = engine.config().clock().now();
      st.training.cached = cached.isPresent();
      st.status = ProjectStatus.TRAINING;
      return true;
    });
    if (ch == null) return; // started already, by another thread or process: it trains
    if (cached.isPresent()) {
      log.info("calendar {}: the LoRA for these photos was trained before ({}); reusing it", s.id, cached.get().version());
      trained(s.id, new LoraTrainer.Trained(cached.get().trainingId(), cached.get().version(), cached.get().triggerWord()));
    } else {
      train(engine.projects().require(s.id));
    }
  }

  private void train(ProjectState s) {
    List<ImageInput> photos = engine.photos(s);
    CompletableFuture<LoraTrainer.Trained> training;
    int lost = -1;
    for (int i = 0; i < photos.size() && lost < 0; i++) if (photos.get(i) == null) lost = i;
    if (lost >= 0) {
      follow(s.id, CompletableFuture.failedFuture(new GenerationException(Events.lostPhoto(s, lost))));
      return;
    }
    try {
      training = engine.config().trainer().train(photos, s.triggerWord, s.training.destination, trainingId -> {
        try {
          engine.update(s.id, st -> {
            if (st.training == null || st.training.trainingId != null) return false;
            st.training.trainingId = trainingId;
            return true;
          });
        } catch (RuntimeException e) { // followed to its end all the same; only a restart before then trains again
          log.warn("calendar {}: could not store the id of its training {}: {}", s.id, trainingId, e.toString());
        }
      });
    } catch (RuntimeException e) {
      training = CompletableFuture.failedFuture(e instanceof GenerationException ? e
          : new GenerationException("the training could not start: " + e, null, e));
    }
    follow(s.id, training);
  }

  private void follow(String id, CompletableFuture<LoraTrainer.Trained> training) {
    training.whenComplete((t, e) -> {
      try {
        if (e == null) {
          cache.putTraining(engine.projects().require(id).training.key, t.trainingId(), t.version(), t.triggerWord());
          trained(id, t);
        } else if (!(Events.cause(e) instanceof GenerationException)) {
          // Not the provider's answer (the client closed, say): left training, for resume() to follow.
          log.warn("calendar {}: lost track of its training, which resume() follows again: {}", id, e.toString());
        } else {
          String why = Events.message(e);
          log.warn("calendar {}: training failed: {}", id, why);
          engine.update(id, st -> {
            if (st.status != ProjectStatus.TRAINING) return false;
            st.status = ProjectStatus.FAILED;
            st.failureKind = "training";
            st.failure = "training failed: " + why;
            return true;
          });
        }
      } catch (RuntimeException unexpected) {
        log.error("calendar {}: could not record the training's end", id, unexpected);
      }
    });
  }

  private void trained(String id, LoraTrainer.Trained t) {
    engine.update(id, st -> {
      if (st.status != ProjectStatus.TRAINING) return false;
      st.training.trainingId = t.trainingId();
      st.training.version = t.version();
      st.model = t.version();
      return CalendarEngine.generating(st);
    });
    engine.runner().launch(id);
  }

  /** Goes on with a project a restart found training. */
  void resume(ProjectState s) {
    if (s.training != null && s.training.version != null) {
      trained(s.id, new LoraTrainer.Trained(s.training.trainingId, s.training.version, s.triggerWord));
    } else if (s.training != null && s.training.trainingId != null) {
      follow(s.id, engine.config().trainer().follow(s.training.trainingId));
    } else {
      log.warn("calendar {}: its training's id was never stored; training again", s.id);
      train(s);
    }
  }
}
