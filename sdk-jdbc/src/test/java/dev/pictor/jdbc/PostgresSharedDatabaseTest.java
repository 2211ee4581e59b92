package dev.pictor.jdbc;

/** Several instances sharing one PostgreSQL database. */
class PostgresSharedDatabaseTest extends SharedDatabaseContract {
  @Override
  protected Databases.Database newDatabase() {
    return Databases.postgres();
  }
}
