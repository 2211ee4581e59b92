package dev.pictor.testkit;

import dev.pictor.spi.JobStore;

class InMemoryJobStoreTest extends JobStoreContract {
  @Override
  protected JobStore newStore() {
    return JobStore.inMemory();
  }
}
