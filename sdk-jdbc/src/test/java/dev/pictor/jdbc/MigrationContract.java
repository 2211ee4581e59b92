package dev.pictor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.jdbc.internal.Migrations;
import dev.pictor.spi.JobRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Creating and migrating the store's tables: at once from many instances, again, and too new. */
abstract class MigrationContract {
  /** A fresh database (or fresh tables). */
  protected abstract Databases.Database newDatabase();

  protected abstract JdbcDialect dialect();

  @AfterEach
  void close() {
    Databases.closeAll();
  }

  @Test
  void instancesStartingAtOnceApplyEachStepOnce() throws Exception {
    for (int round = 0; round < 3; round++) {
      Databases.Database db = newDatabase();
      int instances = 8;
      ExecutorService pool = Executors.newFixedThreadPool(instances);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<JdbcJobStore>> stores = new ArrayList<>();
      try {
        for (int i = 0; i < instances; i++) {
          stores.add(pool.submit(() -> {
            start.await();
            return db.newStore();
          }));
        }
        start.countDown();
        for (int i = 0; i < instances; i++) {
          stores.get(i).get(1, TimeUnit.MINUTES).insert(SharedDatabaseContract.record("from-" + i, i).build());
        }
      } finally {
        pool.shutdownNow();
      }
      List<String> expected = IntStream.rangeClosed(1, Migrations.latest(dialect())).mapToObj(Integer::toString)
          .collect(Collectors.toList());
      assertThat(Databases.rows(db, "SELECT version FROM %sschema_version ORDER BY version")).isEqualTo(expected);
      assertThat(Databases.rows(db, "SELECT COUNT(*) FROM %srecords")).containsExactly(Integer.toString(instances));
    }
  }

  @Test
  void reopeningFindsTheRecordsAndAppliesNoStepAgain() throws Exception {
    Databases.Database db = newDatabase();
    db.newStore().insert(SharedDatabaseContract.record("a", 1).tags(Set.of("x")).build());
    List<String> applied = Databases.rows(db, "SELECT version, description, applied_at FROM %sschema_version");

    JdbcJobStore reopened = db.newStore();

    assertThat(reopened.find("a").map(JobRecord::tags)).contains(Set.of("x"));
    assertThat(Databases.rows(db, "SELECT version, description, applied_at FROM %sschema_version")).isEqualTo(applied);
  }

  @Test
  void tablesOfANewerReleaseAreRefused() throws Exception {
    Databases.Database db = newDatabase();
    db.newStore();
    int latest = Migrations.latest(dialect());
    Databases.execute(db, "INSERT INTO %sschema_version (version, description) VALUES (" + (latest + 1) + ", 'next')");

    assertThatThrownBy(db::newStore)
        .isInstanceOfSatisfying(UnsupportedSchemaException.class, e -> {
          assertThat(e.found()).isEqualTo(latest + 1);
          assertThat(e.supported()).isEqualTo(latest);
        })
        .hasMessage("the tables " + db.prefix() + "* are at schema version " + (latest + 1) + ", newer than this"
            + " release of sdk-jdbc knows (" + latest + "); upgrade sdk-jdbc, or use another table prefix");
  }
}
