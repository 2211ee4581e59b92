package dev.pictor.jdbc.internal;

import dev.pictor.jdbc.JobStoreException;
import java.sql.SQLException;
import java.util.regex.Pattern;

/** Turns a driver's {@link SQLException} into a {@link JobStoreException} without credentials. */
public final class Errors {
  /** {@code password=...} and the like in URLs, connection strings and properties. */
  private static final Pattern SECRET_SETTING =
      Pattern.compile("(?i)\\b(password|passwd|pwd|secret|token|sslpassword)(\\s*[=:]\\s*)[^\\s;&,)'\"]+");
  /** {@code user:password@host} in URLs. */
  private static final Pattern USER_INFO = Pattern.compile("(//[^/\\s:@]+):[^/\\s@]+@");

  private Errors() {}

  public static JobStoreException of(String operation, SQLException e) {
    StringBuilder text = new StringBuilder("JdbcJobStore could not ").append(operation).append(": ");
    text.append(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip());
    if (e.getSQLState() != null) text.append(" [SQLState ").append(e.getSQLState()).append(']');
    return new JobStoreException(operation, redact(text.toString()), e);
  }

  /** {@code text} with anything that looks like a password masked. */
  public static String redact(String text) {
    String masked = SECRET_SETTING.matcher(text).replaceAll("$1$2***");
    return USER_INFO.matcher(masked).replaceAll("$1:***@");
  }
}
