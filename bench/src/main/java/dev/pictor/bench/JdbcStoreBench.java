package dev.pictor.bench;

import dev.pictor.jdbc.JdbcJobStore;
import dev.pictor.spi.JobRecord;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.RecordQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;

/**
 * What one {@link JdbcJobStore} operation costs on an H2 file, with a connection pool and without
 * one (where H2 reopens its file for every connection): milliseconds per insert, per find-and-update
 * (what a job's transition does), per query of ten in-flight records, and per lease renewal.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.pictor.bench.JdbcStoreBench [OPERATIONS]
 * </pre>
 */
public final class JdbcStoreBench {
  private JdbcStoreBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    System.out.printf(Locale.ROOT, "%-10s %10s %14s %10s %10s%n", "H2 file", "insert", "find+update", "query", "renew");
    for (boolean pooled : new boolean[] {true, false}) {
      Path dir = Files.createTempDirectory("pictor-jdbc-bench");
      String url = "jdbc:h2:file:" + dir.resolve("jobs");
      DataSource ds;
      if (pooled) {
        ds = JdbcConnectionPool.create(url, "sa", "");
      } else {
        JdbcDataSource plain = new JdbcDataSource();
        plain.setURL(url);
        plain.setUser("sa");
        ds = plain;
      }
      JobStore store = JdbcJobStore.create(ds);
      double[] ms = run(store, n);
      System.out.printf(Locale.ROOT, "%-10s %7.2f ms %11.2f ms %7.2f ms %7.2f ms%n", pooled ? "pooled" : "no pool",
          ms[0], ms[1], ms[2], ms[3]);
      if (ds instanceof JdbcConnectionPool) ((JdbcConnectionPool) ds).dispose();
    }
  }

  private static double[] run(JobStore store, int n) {
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      store.insert(JobRecord.builder().id("job_" + i).status("pending").action("create").model("m").provider("p")
          .createdAt(Instant.now()).lease("bench", Instant.now().plusSeconds(30)).payload(1, "{\"prompt\":\"x\"}").build());
    }
    long t1 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      JobRecord r = store.find("job_" + i).orElseThrow();
      store.update(r.toBuilder().status("running").build(), r.version());
    }
    long t2 = System.nanoTime();
    for (int i = 0; i < n; i++) store.query(RecordQuery.of(JobRecord.KIND_JOB, Set.of("running"), 10));
    long t3 = System.nanoTime();
    for (int i = 0; i < n; i++) store.renewLeases("bench", Instant.now().plusSeconds(30));
    long t4 = System.nanoTime();
    return new double[] {(t1 - t0) / 1e6 / n, (t2 - t1) / 1e6 / n, (t3 - t2) / 1e6 / n, (t4 - t3) / 1e6 / n};
  }
}
