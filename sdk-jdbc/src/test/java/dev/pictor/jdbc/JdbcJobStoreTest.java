package dev.pictor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.spi.JobRecord;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The public surface: options, detection, errors and what the store prints. */
class JdbcJobStoreTest {
  @AfterEach
  void close() {
    Databases.closeAll();
  }

  @Test
  void toStringNamesTheDialectAndTablesButNoUrlOrCredentials() {
    JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:printed;DB_CLOSE_DELAY=-1", "sa", "s3cret-pw");
    try {
      assertThat(JdbcJobStore.create(pool)).hasToString("JdbcJobStore{h2, tables pictor_*}");
    } finally {
      pool.dispose();
    }
  }

  @Test
  void anUnreachableDatabaseFailsWithTheOperationAndNoPassword() {
    SQLException refused = new SQLException(
        "Connection to db.example:5432 refused; url jdbc:postgresql://db.example/app?user=app&password=hunter2", "08001");

    assertThatThrownBy(() -> JdbcJobStore.create(failing(refused)))
        .isInstanceOfSatisfying(JobStoreException.class, e -> {
          assertThat(e.operation()).isEqualTo("open tables pictor_*");
          assertThat(e.sqlState()).contains("08001");
          assertThat(e.retryable()).isTrue();
          assertThat(e.getCause()).isSameAs(refused);
        })
        .hasMessage("JdbcJobStore could not open tables pictor_*: Connection to db.example:5432 refused; url"
            + " jdbc:postgresql://db.example/app?user=app&password=*** [SQLState 08001]");
  }

  @Test
  void aDatabaseOfAnotherKindIsRefusedUnlessADialectIsChosen() {
    DataSource oracle = reportingProduct(Databases.h2().dataSource(), "Oracle");

    assertThatThrownBy(() -> JdbcJobStore.create(oracle))
        .isInstanceOf(JobStoreException.class)
        .hasMessage("JdbcJobStore supports PostgreSQL and H2, and this DataSource's database is Oracle; if it speaks"
            + " one of their dialects, choose it with JdbcJobStore.builder(dataSource).dialect(...)");
    assertThat(JdbcJobStore.builder(oracle).dialect(JdbcDialect.H2).build()).hasToString("JdbcJobStore{h2, tables pictor_*}");
  }

  @Test
  void aPrefixMustBeAPlainIdentifier() {
    JdbcJobStore.Builder builder = JdbcJobStore.builder(Databases.h2().dataSource());
    assertThatThrownBy(() -> builder.tablePrefix("app; DROP TABLE users; --"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("table prefix must be a lowercase letter followed by up to 29 lowercase letters, digits or"
            + " underscores, such as \"pictor_\"; got \"app; DROP TABLE users; --\"");
    assertThatThrownBy(() -> builder.tablePrefix("Pictor_")).isInstanceOf(IllegalArgumentException.class);
    assertThat(builder.tablePrefix("app_2").build()).hasToString("JdbcJobStore{h2, tables app_2*}");
  }

  @Test
  void anInstantTheColumnsCannotHoldIsRejectedByName() {
    JdbcJobStore store = Databases.h2().newStore();
    JobRecord farFuture = JobRecord.builder().id("a").status("pending").createdAt(Instant.parse("2300-01-01T00:00:00Z"))
        .build();

    assertThatThrownBy(() -> store.insert(farFuture))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("createdAt 2300-01-01T00:00:00Z is outside what a JdbcJobStore can hold"
            + " (1677-09-21T00:12:43.145224192Z to 2262-04-11T23:47:16.854775807Z)");
    assertThat(store.find("a")).isEmpty();
  }

  @Test
  void aFailingStatementNamesTheOperation() throws Exception {
    Databases.Database db = Databases.h2();
    JdbcJobStore store = db.newStore();
    Databases.execute(db, "DROP TABLE %srecord_tags");

    assertThatThrownBy(() -> store.find("job-1"))
        .isInstanceOf(JobStoreException.class)
        .hasMessageStartingWith("JdbcJobStore could not find record job-1: Table \"PICTOR_RECORD_TAGS\" not found");
  }

  // ---- DataSources that pretend ----------------------------------------------------------------

  /** A DataSource whose every connection attempt fails with {@code e}. */
  private static DataSource failing(SQLException e) {
    return proxy(DataSource.class, (p, m, args) -> {
      if (m.getName().equals("getConnection")) throw e;
      throw new UnsupportedOperationException(m.getName());
    });
  }

  /** {@code real}, except that its database calls itself {@code product}. */
  private static DataSource reportingProduct(DataSource real, String product) {
    return proxy(DataSource.class, (p, m, args) -> {
      Object result = invoke(m, real, args);
      if (!m.getName().equals("getConnection")) return result;
      Connection c = (Connection) result;
      return proxy(Connection.class, (p2, m2, args2) -> {
        if (!m2.getName().equals("getMetaData")) return invoke(m2, c, args2);
        DatabaseMetaData meta = c.getMetaData();
        return proxy(DatabaseMetaData.class, (p3, m3, args3) ->
            m3.getName().equals("getDatabaseProductName") ? product : invoke(m3, meta, args3));
      });
    });
  }

  private static Object invoke(Method m, Object target, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(Proxy.newProxyInstance(JdbcJobStoreTest.class.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
