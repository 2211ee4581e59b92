package dev.pictor.internal;

import dev.pictor.Batch;
import dev.pictor.BatchEstimate;
import java.util.Optional;

/** What the batch builders need from the client. */
public interface BatchHost {
  Batch startBatch(BatchSpec spec);

  BatchEstimate estimateBatch(BatchSpec spec);

  Optional<Batch> batch(String id);
}
