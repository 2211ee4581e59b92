package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.cli.drill.Instance;
import dev.pictor.testkit.replicate.ReplicateSimulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of a service, each in its own JVM, over one PostgreSQL store and one Replicate
 * simulator: 1,000 jobs in two batches of 500. Both work; one is killed with SIGKILL halfway; the
 * other finishes its own batch and takes the dead one's over once its leases expire. Every job is
 * charged exactly once (the simulator's ledger: 1,000 charges, no duplicate), so neither instance
 * sent a job the other had sent, and every job ends succeeded.
 */
class MultiInstanceTest {
  private static final String TOKEN = "r8_multi_instance_token_000000000000";

  @TempDir Path dir;

  @Test
  void aSurvivingInstanceFinishesTheWorkOfOneKilledMidway() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        ReplicateSimulator sim = ReplicateSimulator.builder().latency(Duration.ofMillis(150)).createLimit(1000, 1000).otherLimit(5000, 5000).build().start()) {
      String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres?user=postgres";
      // A works 8 at a time, B 16: A is sure to be mid-batch when it is killed.
      Process a = instance(url, sim, "a", 8);
      Process b = instance(url, sim, "b", 16);
      awaitLine(dir.resolve("a.out"), "started", a);
      awaitLine(dir.resolve("b.out"), "started", b);

      // Both are working: wait until each batch has succeeded items, and kill A before it is done.
      until(() -> succeeded(pg, "job_a-%") >= 20 && succeeded(pg, "job_b-%") >= 50);
      a.destroyForcibly();
      assertThat(a.waitFor(30, TimeUnit.SECONDS)).isTrue();
      int aDoneAtKill = succeeded(pg, "job_a-%");
      assertThat(aDoneAtKill).as("A was killed midway").isLessThan(500);

      assertThat(b.waitFor(3, TimeUnit.MINUTES)).as("B finishes; its log: %s", Files.readString(dir.resolve("b.err"))).isTrue();
      assertThat(b.exitValue()).isZero();
      assertThat(Files.readString(dir.resolve("b.out"))).contains("done");

      assertThat(succeeded(pg, "job_a-%")).isEqualTo(500);
      assertThat(succeeded(pg, "job_b-%")).isEqualTo(500);
      assertThat(count(pg, "select count(*) from pictor_records where kind = 'job'")).isEqualTo(1000);
      assertThat(sim.ledger().total()).as("each job charged once").isEqualTo(1000);
      assertThat(sim.ledger().duplicates()).as("no job sent by both").isEmpty();
      assertThat(count(pg, "select count(*) from pictor_records where kind = 'batch' and status = 'completed'")).isEqualTo(2);
    }
  }

  private Process instance(String url, ReplicateSimulator sim, String name, int concurrency) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), Instance.class.getName(),
        url, sim.baseUrl(), TOKEN, name, "500", dir.resolve("out-" + name).toString(), Integer.toString(concurrency)));
    return new ProcessBuilder(cmd).redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile()).start();
  }

  private static int succeeded(EmbeddedPostgres pg, String idPattern) {
    return count(pg, "select count(*) from pictor_records where kind = 'job' and status = 'succeeded' and id like '"
        + idPattern + "'");
  }

  private static int count(EmbeddedPostgres pg, String sql) {
    try (Connection c = pg.getPostgresDatabase().getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
      return rs.next() ? rs.getInt(1) : 0;
    } catch (java.sql.SQLException e) {
      return 0; // the tables are not there yet
    }
  }

  private static void awaitLine(Path file, String text, Process p) throws Exception {
    until(() -> {
      if (!p.isAlive()) throw new AssertionError("instance exited " + p.exitValue());
      try {
        return Files.exists(file) && Files.readString(file).contains(text);
      } catch (java.io.IOException e) {
        return false;
      }
    });
  }

  private static void until(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("timed out");
      Thread.sleep(20);
    }
  }
}
