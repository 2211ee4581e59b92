package dev.pictor.jdbc;

/** Several instances sharing one H2 database. */
class H2SharedDatabaseTest extends SharedDatabaseContract {
  @Override
  protected Databases.Database newDatabase() {
    return Databases.h2();
  }
}
