package dev.pictor.jdbc;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Optional;

/**
 * A {@link JdbcJobStore} operation failed in the database: it could not be reached, a statement
 * failed, or the database is not one the store can use. Unchecked; the cause, when there is one, is
 * the driver's {@link SQLException}.
 *
 * <p>The message names the operation and what the database said. It never contains credentials:
 * anything that looks like a password in the driver's text is masked, and the store never prints a
 * JDBC URL.
 *
 * <p>Immutable once thrown and safe to pass between threads.
 */
public class JobStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final String sqlState;

  /**
   * A failure of {@code operation} (such as {@code "update record job-1"}).
   *
   * @param operation what the store was doing
   * @param message the whole message, naming the operation
   * @param cause the driver's exception, or null
   */
  public JobStoreException(String operation, String message, SQLException cause) {
    super(message, cause);
    this.operation = operation;
    this.sqlState = cause == null ? null : cause.getSQLState();
  }

  /** What the store was doing, such as {@code "claim leases for instance-1"}. */
  public String operation() {
    return operation;
  }

  /** The SQLState the driver reported, when it reported one. */
  public Optional<String> sqlState() {
    return Optional.ofNullable(sqlState);
  }

  /**
   * Whether the same operation may succeed if tried again: the connection was lost, the database
   * rolled the transaction back (serialization failure, deadlock), it ran out of resources, or a
   * lock wait timed out.
   */
  public boolean retryable() {
    Throwable cause = getCause();
    if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) return true;
    if (sqlState == null) return false;
    return sqlState.startsWith("08") || sqlState.startsWith("40") || sqlState.startsWith("53")
        || sqlState.startsWith("57P") || sqlState.equals("HYT00");
  }
}
