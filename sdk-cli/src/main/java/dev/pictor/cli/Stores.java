package dev.pictor.cli;

import dev.pictor.jdbc.JdbcJobStore;
import dev.pictor.spi.JobStore;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Opens the job store that {@code --store} names: {@code memory}, {@code jdbc:h2:...} or
 * {@code jdbc:postgresql:...}; without the option, an H2 file under {@code ./.pictor/}, so every run
 * can be resumed. A user and password come from the URL or from {@code PICTOR_STORE_USER} and
 * {@code PICTOR_STORE_PASSWORD}; a password never appears in any message.
 */
final class Stores {
  /** The store when {@code --store} is left out: a file database beside the working directory. */
  static final String DEFAULT_URL = "jdbc:h2:file:./.pictor/jobs";
  private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^;&]*");

  private Stores() {}

  /** A store, how to name it in messages, and the connection pool to close after the run. */
  record Opened(JobStore store, String label, boolean durable, AutoCloseable pool) implements AutoCloseable {
    Opened(JobStore store, String label) {
      this(store, label, false, null);
    }

    @Override
    public void close() {
      if (pool == null) return;
      try {
        pool.close();
      } catch (Exception e) {
        // the run's outcome is already decided; a pool that fails to close loses nothing stored
      }
    }
  }

  static Opened open(String url, Context ctx) {
    String u = url == null ? DEFAULT_URL : url.trim();
    if (u.equals("memory")) return new Opened(JobStore.inMemory(), "memory");
    String lower = u.toLowerCase(Locale.ROOT);
    String user = ctx.envValue("PICTOR_STORE_USER");
    String password = ctx.envValue("PICTOR_STORE_PASSWORD");
    DataSource ds;
    AutoCloseable pool;
    if (lower.startsWith("jdbc:h2:")) {
      // A pool keeps the database open between operations; H2 closes it with its last connection.
      org.h2.jdbcx.JdbcConnectionPool h2 = org.h2.jdbcx.JdbcConnectionPool.create(u, user == null ? "" : user,
          password == null ? "" : password);
      ds = h2;
      pool = h2::dispose;
    } else if (lower.startsWith("jdbc:postgresql:")) {
      com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
      config.setJdbcUrl(u);
      if (user != null) config.setUsername(user);
      if (password != null) config.setPassword(password);
      config.setMaximumPoolSize(8);
      config.setPoolName("pictor-store");
      try {
        com.zaxxer.hikari.HikariDataSource hikari = new com.zaxxer.hikari.HikariDataSource(config);
        ds = hikari;
        pool = hikari;
      } catch (RuntimeException e) {
        throw new UsageException("cannot open the job store " + mask(u) + ": " + mask(String.valueOf(e.getMessage())));
      }
    } else {
      throw new UsageException("--store must be memory, jdbc:h2:... or jdbc:postgresql:...; got " + mask(u));
    }
    try {
      return new Opened(JdbcJobStore.create(ds), mask(u), true, pool);
    } catch (RuntimeException e) {
      new Opened(null, u, false, pool).close();
      throw new UsageException("cannot open the job store " + mask(u) + ": " + mask(String.valueOf(e.getMessage())));
    }
  }

  /** The URL or message with any {@code password=...} value hidden. */
  static String mask(String text) {
    return PASSWORD.matcher(text).replaceAll("$1***");
  }
}
