package dev.pictor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A running batch: one request template over many inputs, or a list of requests, run a few at a time
 * under a budget. Every item is a job in the client's store under the batch's id, and the batch
 * itself is stored too, so {@link GenerationClient#resume()} continues it after a restart without
 * sending any item twice. Thread-safe.
 *
 * <pre>{@code
 * Batch batch = client.newBatch()
 *     .template(GenerationRequest.edit("flux-kontext-pro").prompt(prompt))
 *     .images(photos).maxConcurrency(3).budget(Money.usd(5))
 *     .start();
 * batch.pause();             // nothing new is sent; running items finish
 * batch.resume();
 * BatchResult result = batch.await();
 * batch.exportZip(Path.of("batch.zip"));
 * }</pre>
 */
public interface Batch {
  /** The batch's id, {@code batch_X}; its items' jobs are {@code job_X-<index>}. */
  String id();

  /** The name given when it was built, or the id. */
  String name();

  /** The counts, spend and ETA now. */
  BatchProgress progress();

  /** The items as they stand now. */
  List<BatchItem> items();

  /** Stops sending new items at once; items already sent run to their end. */
  void pause();

  /** Sends items again after {@link #pause()}. */
  void resume();

  /** Whether the batch is paused. */
  boolean paused();

  /**
   * Cancels the batch: items not yet sent end canceled (recorded in the store before this returns),
   * and running ones are canceled here and at the provider (requested before this returns);
   * {@link #await()} returns once every item ended. Chained steps are not started after a cancel.
   */
  void cancel();

  /**
   * Adds a listener, for instance to a batch that {@link GenerationClient#resume()} continued after a
   * restart (listeners are not stored). It sees the events from now on.
   */
  void addListener(BatchListener listener);

  /**
   * Waits until every item ended and returns the result.
   *
   * @throws GenerationException when the client closed first (the batch stays stored for
   *     {@link GenerationClient#resume()})
   * @throws IllegalStateException for a stored snapshot of a batch that has not ended, which this
   *     client does not run
   */
  BatchResult await();

  /** The asynchronous twin of {@link #await()}. */
  CompletableFuture<BatchResult> awaitAsync();

  /** The result as it stands now, whether or not every item ended. */
  BatchResult results();

  /**
   * Writes every output of the items that succeeded, plus a {@code manifest.json} describing every
   * item (input, prompt, model, seed, status, cost, file names, timings), into a ZIP file. Outputs are
   * streamed from the output sink one at a time, never held whole in memory; the file appears only
   * when complete.
   */
  void exportZip(Path zip) throws IOException;
}
