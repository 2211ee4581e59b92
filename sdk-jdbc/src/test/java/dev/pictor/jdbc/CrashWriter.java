package dev.pictor.jdbc;

import dev.pictor.spi.JobRecord;
import java.time.Instant;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * The child process of the crash tests: inserts and then updates records as fast as it can, printing a
 * line for each write only after the store acknowledged it, until it is killed.
 *
 * <p>Arguments: {@code h2|postgresql}, the JDBC URL, the table prefix.
 */
public final class CrashWriter {
  private CrashWriter() {}

  public static void main(String[] args) {
    JdbcJobStore store = JdbcJobStore.builder(dataSource(args[0], args[1])).tablePrefix(args[2]).build();
    for (int i = 0; ; i++) {
      JobRecord r = JobRecord.builder().id("r" + i).status("pending").createdAt(Instant.now()).build();
      store.insert(r);
      acknowledge("inserted " + r.id());
      if (!store.update(r.toBuilder().status("running").build(), 0)) throw new IllegalStateException("lost " + r.id());
      acknowledge("updated " + r.id());
    }
  }

  private static void acknowledge(String line) {
    System.out.println(line);
    System.out.flush();
  }

  private static DataSource dataSource(String dialect, String url) {
    if (dialect.equals("h2")) return JdbcConnectionPool.create(url, "sa", "");
    PGConnectionPoolDataSource pg = new PGConnectionPoolDataSource();
    pg.setURL(url);
    return JdbcConnectionPool.create(pg); // H2's small pool, which pools any driver's connections
  }
}
