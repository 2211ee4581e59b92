package dev.pictor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.spi.JobRecord;
import org.junit.jupiter.api.Test;

/** Migrations on PostgreSQL. */
class PostgresMigrationTest extends MigrationContract {
  @Override
  protected Databases.Database newDatabase() {
    return Databases.postgres();
  }

  @Override
  protected JdbcDialect dialect() {
    return JdbcDialect.POSTGRESQL;
  }

  @Test
  void anApplicationUserWithoutCreateRightsOpensTablesAnAdminMigrated() throws Exception {
    Databases.Database admin = newDatabase();
    admin.newStore();
    String user = "app_" + admin.prefix();
    Databases.execute(admin, "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    Databases.execute(admin, "CREATE ROLE " + user + " LOGIN PASSWORD 'app-pw'");
    Databases.execute(admin, "GRANT SELECT, INSERT, UPDATE, DELETE ON %1$srecords, %1$srecord_tags, %1$sschema_version TO "
        + user);
    Databases.Database app = Databases.postgres(admin.prefix(), user, "app-pw");

    assertThatThrownBy(() -> JdbcJobStore.builder(app.dataSource()).tablePrefix("never_").build())
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining("permission denied for schema public");
    JdbcJobStore store = app.newStore();
    store.insert(SharedDatabaseContract.record("a", 1).build());
    assertThat(store.find("a").map(JobRecord::status)).contains("pending");
  }
}
