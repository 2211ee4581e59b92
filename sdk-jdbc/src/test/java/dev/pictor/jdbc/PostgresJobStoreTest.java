package dev.pictor.jdbc;

import dev.pictor.spi.JobStore;
import dev.pictor.testkit.JobStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The testkit's contract on a real PostgreSQL server (embedded, started once per test run). */
class PostgresJobStoreTest extends JobStoreContract {
  @Override
  protected JobStore newStore() {
    return Databases.postgres().newStore();
  }

  @AfterEach
  void close() {
    Databases.closeAll();
  }
}
