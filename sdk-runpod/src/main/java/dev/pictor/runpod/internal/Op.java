package dev.pictor.runpod.internal;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * One provider operation made of several asynchronous steps (uploads, then the create). The core
 * cancels the future a provider returns; futures derived with {@code thenCompose} do not pass that
 * on, so every step is tracked here and cancelled with the operation. Thread-safe.
 */
public final class Op<T> {
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private final Set<CompletableFuture<?>> inflight = ConcurrentHashMap.newKeySet();

  public Op() {
    result.whenComplete((v, e) -> {
      if (result.isCancelled()) inflight.forEach(f -> f.cancel(true));
    });
  }

  /** Registers a step's future so that cancelling the operation cancels it. */
  public <U> CompletableFuture<U> track(CompletableFuture<U> f) {
    inflight.add(f);
    f.whenComplete((v, e) -> inflight.remove(f));
    if (result.isCancelled()) f.cancel(true);
    return f;
  }

  /** Completes the operation from {@code chain} (unwrapped) and returns the future to hand out. */
  public CompletableFuture<T> finish(CompletableFuture<T> chain) {
    chain.whenComplete((v, e) -> {
      if (e == null) result.complete(v);
      else result.completeExceptionally(unwrap(e));
    });
    return result;
  }

  /** The cause inside {@link CompletionException} and {@link ExecutionException} wrappers. */
  public static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
