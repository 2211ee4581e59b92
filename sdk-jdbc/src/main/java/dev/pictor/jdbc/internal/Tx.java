package dev.pictor.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each store operation as one transaction on a connection of the caller's {@link DataSource}:
 * auto-commit off, commit on success, rollback on any failure, and the connection handed back with
 * auto-commit as it was. Holds no connection between operations, so it is as thread-safe as the
 * DataSource.
 */
public final class Tx {
  private static final Logger log = LoggerFactory.getLogger(Tx.class);

  /** The work of one operation. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final DataSource dataSource;

  public Tx(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Runs {@code work} in a transaction and commits it; the commit is the acknowledgement.
   *
   * @throws dev.pictor.jdbc.JobStoreException naming {@code operation} when the database fails
   */
  public <T> T run(String operation, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      if (autoCommit) c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollback(c, e);
        throw e;
      } finally {
        if (autoCommit) restoreAutoCommit(c);
      }
    } catch (SQLException e) {
      throw Errors.of(operation, e);
    }
  }

  private static void rollback(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** Quietly: a failure here must not turn a committed write into a reported failure. */
  private static void restoreAutoCommit(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException e) {
      log.debug("could not restore auto-commit on a connection: {}", e.toString());
    }
  }
}
