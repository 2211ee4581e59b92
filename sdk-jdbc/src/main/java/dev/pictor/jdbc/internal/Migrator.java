package dev.pictor.jdbc.internal;

import dev.pictor.jdbc.JdbcDialect;
import dev.pictor.jdbc.UnsupportedSchemaException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a store's tables to the newest schema version, safely when several instances start at once,
 * and refuses tables newer than this release knows. The {@code <prefix>schema_version} table holds one
 * row per applied step.
 *
 * <ul>
 *   <li>PostgreSQL: the whole migration is one transaction that first takes a transaction-scoped
 *       advisory lock for this prefix, so the second instance waits, then finds the steps applied.
 *   <li>H2 commits each DDL statement at once, so no lock spans a migration. Its steps are idempotent
 *       instead: instances starting at once may each run a step, the objects exist once, and the
 *       primary key on the version keeps one row per step.
 * </ul>
 */
public final class Migrator {
  private static final Logger log = LoggerFactory.getLogger(Migrator.class);
  /** The advisory lock's first key, "PICT"; the second is the prefix's hash. */
  private static final int LOCK_CLASS = 0x50494354;
  private static final String UNIQUE_VIOLATION = "23505";

  private Migrator() {}

  /**
   * Applies the missing steps on {@code c}, inside the caller's transaction; returns the version the
   * tables are at.
   *
   * @throws UnsupportedSchemaException when the tables are at a newer version than this release knows
   */
  public static int migrate(Connection c, JdbcDialect dialect, Tables tables) throws SQLException {
    int latest = Migrations.latest(dialect);
    int found = versionIfPresent(c, dialect, tables);
    if (found > latest) throw new UnsupportedSchemaException(tables.toString(), found, latest);
    // Up to date: no lock and no DDL, so a user without CREATE rights can open tables a DBA migrated.
    if (found == latest) return found;
    try (Statement s = c.createStatement()) {
      if (dialect == JdbcDialect.POSTGRESQL) lock(c, tables);
      execute(s, dialect, tables.sql("CREATE TABLE IF NOT EXISTS ${prefix}schema_version ("
          + "version INTEGER NOT NULL PRIMARY KEY, description VARCHAR(200) NOT NULL,"
          + " applied_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL)"));
      int current = version(s, tables); // again: another instance may have migrated meanwhile
      if (current > latest) throw new UnsupportedSchemaException(tables.toString(), current, latest);
      for (Migrations.Step step : Migrations.of(dialect)) {
        if (step.version() <= current) continue;
        for (String statement : step.statements()) execute(s, dialect, tables.sql(statement));
        record(c, tables, step);
        log.info("tables {}: applied schema step {} ({})", tables, step.version(), step.description());
      }
      return version(s, tables);
    }
  }

  /** The tables' schema version, 0 when there is no version table yet. */
  private static int versionIfPresent(Connection c, JdbcDialect dialect, Tables tables) throws SQLException {
    String exists = dialect == JdbcDialect.POSTGRESQL
        ? "SELECT COUNT(*) FROM (SELECT to_regclass(?) AS t) x WHERE t IS NOT NULL"
        : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_NAME = ?";
    try (PreparedStatement ps = c.prepareStatement(exists)) {
      String name = tables.schemaVersion();
      ps.setString(1, dialect == JdbcDialect.POSTGRESQL ? name : name.toUpperCase(Locale.ROOT)); // H2 upper-cases
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getInt(1) == 0) return 0;
      }
    }
    try (Statement s = c.createStatement()) {
      return version(s, tables);
    }
  }

  private static void lock(Connection c, Tables tables) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
      ps.setInt(1, LOCK_CLASS);
      ps.setInt(2, tables.prefix().hashCode());
      ps.executeQuery().close();
    }
  }

  private static void execute(Statement s, JdbcDialect dialect, String sql) throws SQLException {
    try {
      s.execute(sql);
    } catch (SQLException first) {
      if (dialect != JdbcDialect.H2) throw first;
      // H2 checks IF NOT EXISTS before it locks its schema, so of two sessions creating one object
      // both may pass the check and the second fails; run again, the statement finds the object.
      try {
        s.execute(sql);
      } catch (SQLException second) {
        second.addSuppressed(first);
        throw second;
      }
    }
  }

  private static int version(Statement s, Tables tables) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + tables.schemaVersion())) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void record(Connection c, Tables tables, Migrations.Step step) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO " + tables.schemaVersion() + " (version, description) VALUES (?, ?)")) {
      ps.setInt(1, step.version());
      ps.setString(2, step.description());
      ps.executeUpdate();
    } catch (SQLException e) {
      // Only H2 gets here: another instance applied the same idempotent step at the same time.
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) throw e;
    }
  }
}
