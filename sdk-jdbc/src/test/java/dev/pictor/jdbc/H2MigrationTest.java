package dev.pictor.jdbc;

/** Migrations on H2. */
class H2MigrationTest extends MigrationContract {
  @Override
  protected Databases.Database newDatabase() {
    return Databases.h2();
  }

  @Override
  protected JdbcDialect dialect() {
    return JdbcDialect.H2;
  }
}
