package dev.pictor.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.jdbc.JobStoreException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ErrorsTest {
  @Test
  void passwordsInUrlsAndSettingsAreMasked() {
    assertThat(Errors.redact("jdbc:postgresql://db/app?user=app&password=hunter2&ssl=true"))
        .isEqualTo("jdbc:postgresql://db/app?user=app&password=***&ssl=true");
    assertThat(Errors.redact("postgresql://app:hunter2@db:5432/app")).isEqualTo("postgresql://app:***@db:5432/app");
    assertThat(Errors.redact("jdbc:h2:tcp://db/app;USER=sa;PASSWORD=hunter2;MODE=PostgreSQL"))
        .isEqualTo("jdbc:h2:tcp://db/app;USER=sa;PASSWORD=***;MODE=PostgreSQL");
    assertThat(Errors.redact("pwd: hunter2, sslpassword=hunter2")).isEqualTo("pwd: ***, sslpassword=***");
    assertThat(Errors.redact("Table \"PICTOR_RECORDS\" not found")).isEqualTo("Table \"PICTOR_RECORDS\" not found");
  }

  @Test
  void theMessageNamesTheOperationTheCauseAndTheSqlState() {
    SQLException cause = new SQLException("FATAL: password authentication failed for user \"app\"", "28P01");

    JobStoreException e = Errors.of("update record job-1", cause);

    assertThat(e).hasMessage("JdbcJobStore could not update record job-1: FATAL: password authentication failed for"
        + " user \"app\" [SQLState 28P01]");
    assertThat(e.operation()).isEqualTo("update record job-1");
    assertThat(e.retryable()).isFalse();
    assertThat(e.getCause()).isSameAs(cause);
  }

  @Test
  void lostConnectionsDeadlocksAndLockTimeoutsMayBeRetried() {
    assertThat(Errors.of("x", new SQLException("gone", "08006")).retryable()).isTrue();
    assertThat(Errors.of("x", new SQLException("deadlock", "40P01")).retryable()).isTrue();
    assertThat(Errors.of("x", new SQLException("lock timeout", "HYT00")).retryable()).isTrue();
    assertThat(Errors.of("x", new SQLException("syntax", "42601")).retryable()).isFalse();
  }
}
