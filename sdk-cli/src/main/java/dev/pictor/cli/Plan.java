package dev.pictor.cli;

import dev.pictor.Batch;
import dev.pictor.BatchEstimate;
import dev.pictor.BatchListener;
import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.Money;
import java.util.List;

/** What a command runs: a batch of requests, or A/B variants, built on a client once it exists. */
interface Plan {
  /** How many items. */
  int size();

  /** The model named in messages. */
  String model();

  /** Checks every item as the core would, before anything is sent. */
  void validate(GenerationClient client);

  BatchEstimate estimate(GenerationClient client);

  /** Starts the plan as batch {@code id}. */
  Batch start(GenerationClient client, String id, int concurrency, Money budget, BatchListener listener);

  /** A batch of these requests, in order. */
  static Plan of(List<GenerationRequest> items) {
    return new Plan() {
      @Override public int size() { return items.size(); }
      @Override public String model() { return items.get(0).model(); }
      @Override public void validate(GenerationClient client) { Preflight.validate(client, items); }
      @Override public BatchEstimate estimate(GenerationClient client) { return client.newBatch().requests(items).estimate(); }

      @Override
      public Batch start(GenerationClient client, String id, int concurrency, Money budget, BatchListener listener) {
        var b = client.newBatch().id(id).requests(items).maxConcurrency(concurrency).listener(listener);
        if (budget != null) b.budget(budget);
        return b.start();
      }
    };
  }
}
