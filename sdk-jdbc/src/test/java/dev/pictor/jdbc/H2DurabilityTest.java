package dev.pictor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** H2 writes committed changes to its file later unless WRITE_DELAY is 0; the store makes it 0. */
class H2DurabilityTest {
  @TempDir Path dir;
  private String url;
  private JdbcConnectionPool admin;

  @BeforeEach
  void open() {
    url = "jdbc:h2:file:" + dir.resolve("store");
    admin = JdbcConnectionPool.create(url, "sa", "");
  }

  @AfterEach
  void dispose() {
    admin.dispose();
  }

  @Test
  void turnsDelayedWritesOffInAFileDatabase() throws Exception {
    assertThat(writeDelay()).isEqualTo(500);

    JdbcJobStore.create(admin);

    assertThat(writeDelay()).isZero();
  }

  @Test
  void refusesADatabaseItCannotMakeDurable() throws Exception {
    try (Connection c = admin.getConnection()) {
      c.createStatement().execute("CREATE USER app PASSWORD 'app-s3cret'");
    }
    JdbcConnectionPool app = JdbcConnectionPool.create(url, "app", "app-s3cret");
    try {
      assertThatThrownBy(() -> JdbcJobStore.create(app))
          .isInstanceOf(JobStoreException.class)
          .hasMessageStartingWith("JdbcJobStore could not make writes durable in H2: the database delays writes by"
              + " WRITE_DELAY=500 ms, so a crash could lose acknowledged writes, and this user may not change it"
              + " (Admin rights are required for this operation; SQL statement:); run SET WRITE_DELAY 0 once as an"
              + " admin (H2 keeps it), or connect as an admin")
          .hasMessageNotContaining("app-s3cret");
    } finally {
      app.dispose();
    }
    assertThat(writeDelay()).isEqualTo(500);
  }

  private int writeDelay() throws SQLException {
    try (Connection c = admin.getConnection(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
