package dev.pictor;

/**
 * Events of a batch, per item and for the whole batch. A batch's events arrive one at a time and in
 * order, on the client's callback executor (never on an I/O thread), with {@link #onBatchDone} last;
 * they must not block for long. A listener that throws is logged and the others still run.
 *
 * <pre>{@code
 * client.newBatch().template(template).images(photos)
 *     .listener(new BatchListener() {
 *       public void onItemDone(Batch batch, BatchItem item) { credits.settle(item.jobId(), item.charge()); }
 *     })
 *     .start();
 * }</pre>
 */
public interface BatchListener {
  BatchListener NONE = new BatchListener() {};

  /** An item's first job was stored and handed to the provider's queue. */
  default void onItemSubmitted(Batch batch, BatchItem item) {}

  /** An item ended: every step succeeded, or one failed or was canceled. */
  default void onItemDone(Batch batch, BatchItem item) {}

  /** The counts changed. */
  default void onProgress(Batch batch, BatchProgress progress) {}

  /** Every item ended. */
  default void onBatchDone(Batch batch, BatchResult result) {}
}
