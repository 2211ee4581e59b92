package dev.pictor.jdbc;

import java.util.Locale;
import java.util.Optional;

/**
 * The SQL dialects a {@link JdbcJobStore} speaks. The store detects the dialect from the database's
 * product name ({@link java.sql.DatabaseMetaData#getDatabaseProductName()}); choose one with
 * {@link JdbcJobStore.Builder#dialect(JdbcDialect)} only for a database that speaks it under another
 * name.
 */
public enum JdbcDialect {
  /**
   * PostgreSQL 9.5 or later (tested on 14): claims use {@code SELECT ... FOR UPDATE SKIP LOCKED},
   * migrations are serialized by {@code pg_advisory_xact_lock}.
   */
  POSTGRESQL("PostgreSQL"),
  /**
   * H2 2.3 (tested on 2.3.232), embedded or as a server: claims lock candidates by id with
   * {@code FOR UPDATE SKIP LOCKED}, migrations are idempotent, and the store turns H2's delayed writes
   * off.
   */
  H2("H2");

  private final String productName;

  JdbcDialect(String productName) {
    this.productName = productName;
  }

  /** The dialect of a database that calls itself {@code productName}, if it is one of these. */
  static Optional<JdbcDialect> forProductName(String productName) {
    for (JdbcDialect d : values()) {
      if (d.productName.equalsIgnoreCase(productName)) return Optional.of(d);
    }
    return Optional.empty();
  }

  /** The lowercase name: {@code postgresql} or {@code h2}. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
