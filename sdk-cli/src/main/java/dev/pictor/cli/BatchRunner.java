package dev.pictor.cli;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

/**
 * Runs items through a client with at most {@code concurrency} in flight, in order, and reads each
 * job's final state from the client's store. Stops submitting as soon as {@code stop} says so.
 *
 * <p>Each item is {@code submit} then {@code awaitAsync}, which is {@code generateAsync} split in two
 * so that the job id is known even for an item that fails.
 */
final class BatchRunner {
  private BatchRunner() {}

  static List<Summary.Item> run(GenerationClient client, List<GenerationRequest> items, int concurrency,
      Progress progress, BooleanSupplier stop) {
    Semaphore window = new Semaphore(concurrency);
    String[] ids = new String[items.size()];
    String[] errors = new String[items.size()];
    List<CompletableFuture<?>> inFlight = new ArrayList<>();
    for (int i = 0; i < items.size() && !stop.getAsBoolean(); i++) {
      try {
        window.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (stop.getAsBoolean()) {
        window.release();
        break;
      }
      try {
        Job job = client.submit(items.get(i));
        ids[i] = job.id();
        inFlight.add(client.awaitAsync(job.id()).handle((r, e) -> {
          window.release();
          progress.step();
          return null;
        }));
      } catch (RuntimeException e) {
        window.release();
        if (stop.getAsBoolean()) break; // the client was closed under us: the item stays skipped
        errors[i] = e.getMessage() == null ? e.toString() : Errors.oneLine(e.getMessage());
        progress.step();
      }
    }
    CompletableFuture.allOf(inFlight.toArray(new CompletableFuture<?>[0])).join();
    List<Summary.Item> results = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Job job = ids[i] == null ? null : client.job(ids[i]).orElse(null);
      if (job != null) results.add(Summary.Item.of(job));
      else if (ids[i] != null) results.add(new Summary.Item(ids[i], "unknown", List.of(), null, "no longer in the job store"));
      else results.add(Summary.Item.notSubmitted(errors[i]));
    }
    return results;
  }
}
