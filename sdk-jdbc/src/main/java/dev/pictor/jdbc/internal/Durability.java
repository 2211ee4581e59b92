package dev.pictor.jdbc.internal;

import dev.pictor.jdbc.JdbcDialect;
import dev.pictor.jdbc.JobStoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a write the store acknowledges survives a crash of the process, as far as the database's
 * settings allow.
 *
 * <ul>
 *   <li>H2 (2.x, MVStore) keeps committed changes in memory and writes them to its file from a
 *       background thread every {@code WRITE_DELAY} ms (500 by default), so a killed process loses
 *       what it committed in that window. With {@code WRITE_DELAY} 0 every commit writes to the file
 *       before it returns. The store sets it (H2 keeps the setting in the database) and refuses a
 *       database it cannot set it on.
 *   <li>PostgreSQL writes the WAL before a commit returns unless {@code synchronous_commit} or
 *       {@code fsync} is off; the store warns when one is.
 * </ul>
 */
public final class Durability {
  private static final Logger log = LoggerFactory.getLogger(Durability.class);

  private Durability() {}

  public static void ensure(Connection c, JdbcDialect dialect, Tables tables) throws SQLException {
    try (Statement s = c.createStatement()) {
      if (dialect == JdbcDialect.H2) h2(s, tables);
      else postgres(s, tables);
    }
  }

  private static void h2(Statement s, Tables tables) throws SQLException {
    int delay;
    try (ResultSet rs = s.executeQuery(
        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
      delay = rs.next() ? Integer.parseInt(rs.getString(1).strip()) : 0;
    }
    if (delay == 0) return;
    try {
      s.execute("SET WRITE_DELAY 0");
      log.info("tables {}: set H2's WRITE_DELAY from {} ms to 0, so every acknowledged write is in the file", tables,
          delay);
    } catch (SQLException e) {
      String operation = "make writes durable in H2";
      String why = Errors.redact(String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
      throw new JobStoreException(operation, "JdbcJobStore could not " + operation + ": the database delays writes"
          + " by WRITE_DELAY=" + delay + " ms, so a crash could lose acknowledged writes, and this user may not"
          + " change it (" + why + "); run SET WRITE_DELAY 0"
          + " once as an admin (H2 keeps it), or connect as an admin", e);
    }
  }

  private static void postgres(Statement s, Tables tables) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT current_setting('fsync'), current_setting('synchronous_commit')")) {
      rs.next();
      String fsync = rs.getString(1);
      String synchronousCommit = rs.getString(2);
      if ("off".equals(fsync) || "off".equals(synchronousCommit)) {
        log.warn("tables {}: PostgreSQL runs with fsync={} and synchronous_commit={}; if the database server"
            + " crashes it can lose writes it acknowledged", tables, fsync, synchronousCommit);
      }
    }
  }
}
