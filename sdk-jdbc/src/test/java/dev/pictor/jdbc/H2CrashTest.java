package dev.pictor.jdbc;

import java.nio.file.Path;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every write the store acknowledged survives SIGKILL of the process that wrote it into an H2 file,
 * with the database's default settings (the store turns H2's delayed writes off).
 */
class H2CrashTest {
  @TempDir Path dir;

  @Test
  void acknowledgedWritesSurviveSigkill() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("store");
    WriterProcess writer = WriterProcess.start(dir, "h2", url, "pictor_");
    writer.awaitUpdates(200);

    writer.kill();

    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
    try {
      writer.assertEveryAcknowledgedWriteIn(JdbcJobStore.create(pool));
    } finally {
      pool.dispose();
    }
  }
}
