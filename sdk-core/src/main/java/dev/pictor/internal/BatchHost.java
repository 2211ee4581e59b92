package dev.pictor.internal;

import dev.pictor.Batch;
import dev.pictor.BatchEstimate;
import java.util.Optional;

/** What the batch builders need from the client. */
public interface BatchHost {
  /** Starts a batch with the given id, or a random one when null. */
  Batch startBatch(BatchSpec spec, String id);

  BatchEstimate estimateBatch(BatchSpec spec);

  Optional<Batch> batch(String id);
}
