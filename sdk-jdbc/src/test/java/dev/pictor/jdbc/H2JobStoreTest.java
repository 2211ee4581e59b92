package dev.pictor.jdbc;

import dev.pictor.spi.JobStore;
import dev.pictor.testkit.JobStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The testkit's contract on an in-memory H2 database. */
class H2JobStoreTest extends JobStoreContract {
  @Override
  protected JobStore newStore() {
    return Databases.h2().newStore();
  }

  @AfterEach
  void close() {
    Databases.closeAll();
  }
}
