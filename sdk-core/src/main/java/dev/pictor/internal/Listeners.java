package dev.pictor.internal;

import dev.pictor.GenerationException;
import dev.pictor.GenerationListener;
import dev.pictor.Job;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to every listener on the callback executor; a failing listener is logged, not fatal. */
final class Listeners implements GenerationListener {
  private static final Logger log = LoggerFactory.getLogger(Listeners.class);

  private final List<GenerationListener> listeners;
  private final Executor executor;

  Listeners(List<GenerationListener> listeners, Executor executor) {
    this.listeners = listeners;
    this.executor = executor;
  }

  private void each(Consumer<GenerationListener> event) {
    if (listeners.isEmpty()) return;
    executor.execute(() -> {
      for (GenerationListener l : listeners) {
        try {
          event.accept(l);
        } catch (RuntimeException e) {
          log.warn("listener {} failed", l.getClass().getName(), e);
        }
      }
    });
  }

  @Override public void onSubmitted(Job job) { each(l -> l.onSubmitted(job)); }
  @Override public void onStarted(Job job) { each(l -> l.onStarted(job)); }
  @Override public void onProgress(Job job, double fraction) { each(l -> l.onProgress(job, fraction)); }
  @Override public void onRetried(Job job, int attempt, GenerationException cause, Duration delay) {
    each(l -> l.onRetried(job, attempt, cause, delay));
  }
  @Override public void onSucceeded(Job job) { each(l -> l.onSucceeded(job)); }
  @Override public void onFailed(Job job, GenerationException error) { each(l -> l.onFailed(job, error)); }
  @Override public void onCanceled(Job job) { each(l -> l.onCanceled(job)); }
  @Override public void onTokenCooledDown(String provider, String token, Duration cooldown) {
    each(l -> l.onTokenCooledDown(provider, token, cooldown));
  }
  @Override public void onTokenRemoved(String provider, String token, String reason) {
    each(l -> l.onTokenRemoved(provider, token, reason));
  }
}
