package dev.pictor.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * Databases for tests: fresh in-memory H2 databases, and tables with a fresh prefix on one embedded
 * PostgreSQL server that starts on first use and stops with the JVM. Every DataSource is a small
 * connection pool (H2's, which also pools PostgreSQL connections), as an application would have;
 * {@link #closeAll()} disposes of them.
 */
final class Databases {
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final List<JdbcConnectionPool> POOLS = new ArrayList<>();
  private static EmbeddedPostgres postgres;

  private Databases() {}

  /** One database, as another instance would see it: each {@link #dataSource()} is a new pool. */
  interface Database {
    DataSource dataSource();

    /** The prefix of this database's tables. */
    String prefix();

    default JdbcJobStore newStore() {
      return JdbcJobStore.builder(dataSource()).tablePrefix(prefix()).build();
    }
  }

  /** A fresh, empty in-memory H2 database. */
  static Database h2() {
    String url = "jdbc:h2:mem:test" + NAMES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    return database(() -> pool(JdbcConnectionPool.create(url, "sa", "")), "pictor_");
  }

  /** A fresh, empty set of tables on the shared PostgreSQL server. */
  static Database postgres() {
    return postgres("t" + NAMES.incrementAndGet() + "_", "postgres", null);
  }

  /** The tables with {@code prefix} on the shared PostgreSQL server, as {@code user}. */
  static Database postgres(String prefix, String user, String password) {
    String url = "jdbc:postgresql://localhost:" + server().getPort() + "/postgres";
    return database(() -> {
      PGConnectionPoolDataSource pg = new PGConnectionPoolDataSource();
      pg.setURL(url);
      pg.setUser(user);
      pg.setPassword(password);
      return pool(JdbcConnectionPool.create(pg));
    }, prefix);
  }

  static synchronized EmbeddedPostgres server() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start(); // stopped by its own shutdown hook
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return postgres;
  }

  /** Each row of {@code sql} ({@code %s} stands for the prefix) as its columns joined by {@code |}. */
  static List<String> rows(Database db, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery(String.format(sql, db.prefix()))) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) row.append(i > 1 ? "|" : "").append(rs.getString(i));
        rows.add(row.toString());
      }
    }
    return rows;
  }

  /** Runs {@code sql} ({@code %s} stands for the prefix). */
  static void execute(Database db, String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      c.createStatement().execute(String.format(sql, db.prefix()));
    }
  }

  /** Disposes of every pool made so far. */
  static synchronized void closeAll() {
    POOLS.forEach(JdbcConnectionPool::dispose);
    POOLS.clear();
  }

  private static synchronized DataSource pool(JdbcConnectionPool pool) {
    pool.setMaxConnections(16);
    POOLS.add(pool);
    return pool;
  }

  private static Database database(Supplier<DataSource> dataSources, String prefix) {
    return new Database() {
      @Override public DataSource dataSource() { return dataSources.get(); }
      @Override public String prefix() { return prefix; }
    };
  }
}
