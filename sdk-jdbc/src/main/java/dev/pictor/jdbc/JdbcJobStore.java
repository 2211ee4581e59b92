package dev.pictor.jdbc;

import dev.pictor.jdbc.internal.Claims;
import dev.pictor.jdbc.internal.Durability;
import dev.pictor.jdbc.internal.Migrator;
import dev.pictor.jdbc.internal.RecordTable;
import dev.pictor.jdbc.internal.Tables;
import dev.pictor.jdbc.internal.Tx;
import dev.pictor.spi.JobRecord;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.LeaseClaim;
import dev.pictor.spi.RecordQuery;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A durable {@link JobStore} in the caller's PostgreSQL or H2 database, so jobs survive a restart and
 * several instances can share the work in one database.
 *
 * <pre>{@code
 * DataSource dataSource = ...;                       // your pool, PostgreSQL or H2
 * try (GenerationClient client = GenerationClient.builder()
 *     .provider(provider)
 *     .jobStore(JdbcJobStore.create(dataSource))
 *     .build()) {
 *   client.resume();                                 // re-attach to the work a previous run left
 * }
 * }</pre>
 *
 * <p>{@link #create} connects once: it detects the dialect, creates or migrates the store's own
 * tables ({@code pictor_records}, {@code pictor_record_tags}, {@code pictor_schema_version}), safely
 * when several instances start at once, and makes sure acknowledged writes are durable (for H2 it
 * turns delayed writes off). Every operation then takes a connection from the DataSource, runs as one
 * transaction and gives the connection back; a method that returns normally has committed.
 *
 * <p>Several instances over one database share work through leases: {@link #claim} takes records
 * nobody else holds with {@code SELECT ... FOR UPDATE SKIP LOCKED}, never waiting for another claim
 * and never returning a record another claim took, and {@link #renewLeases} moves an owner's leases
 * on in one statement. Updates are compare-and-set on a version column. Instants are kept to the
 * nanosecond, as nanoseconds since the epoch in BIGINT columns, so they must lie between 1677-09-21
 * and 2262-04-11; others are refused with {@link IllegalArgumentException}. See {@code docs/jdbc.md}.
 *
 * <p>Thread-safe. The store owns no resources: it holds no connection between operations, needs no
 * closing, and the DataSource stays the caller's to close. Failures of the database are thrown as
 * {@link JobStoreException}.
 */
public final class JdbcJobStore implements JobStore {
  private final JdbcDialect dialect;
  private final Tables tables;
  private final Tx tx;
  private final RecordTable table;
  private final Claims claims;

  private JdbcJobStore(Builder b, JdbcDialect dialect) {
    this.dialect = dialect;
    this.tables = b.tables;
    this.tx = new Tx(b.dataSource);
    this.table = new RecordTable(tables);
    this.claims = new Claims(dialect, tables, table);
  }

  /**
   * A store over {@code dataSource} with the default options: the dialect the database reports, and
   * tables named {@code pictor_*}. Connects once to migrate the tables.
   *
   * @throws JobStoreException when the database cannot be reached, is neither PostgreSQL nor H2, or
   *     cannot be made durable
   * @throws UnsupportedSchemaException when a newer release of sdk-jdbc migrated the tables
   */
  public static JdbcJobStore create(DataSource dataSource) {
    return builder(dataSource).build();
  }

  /** A builder for a store over {@code dataSource} with other options. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  @Override
  public void insert(JobRecord record) {
    Objects.requireNonNull(record, "record == null");
    tx.run("insert record " + record.id(), c -> {
      table.insert(c, record);
      return null;
    });
  }

  @Override
  public Optional<JobRecord> find(String id) {
    Objects.requireNonNull(id, "id == null");
    return tx.run("find record " + id, c -> table.find(c, id));
  }

  @Override
  public boolean update(JobRecord record, long expectedVersion) {
    Objects.requireNonNull(record, "record == null");
    return tx.run("update record " + record.id(), c -> table.replace(c, record, expectedVersion));
  }

  @Override
  public List<JobRecord> query(RecordQuery query) {
    Objects.requireNonNull(query, "query == null");
    return tx.run("query records", c -> table.page(c, query));
  }

  @Override
  public boolean delete(String id) {
    Objects.requireNonNull(id, "id == null");
    return tx.run("delete record " + id, c -> table.delete(c, id));
  }

  /**
   * {@inheritDoc}
   *
   * <p>One transaction. {@code query.offset()} skips records that could be claimed (the default
   * skips matching records).
   */
  @Override
  public List<JobRecord> claim(RecordQuery query, LeaseClaim claim) {
    Objects.requireNonNull(query, "query == null");
    Objects.requireNonNull(claim, "claim == null");
    return tx.run("claim leases for " + claim.owner(), c -> claims.claim(c, query, claim));
  }

  /** {@inheritDoc} This store keeps expiries, so the result is never -1. */
  @Override
  public int renewLeases(String owner, Instant until) {
    Objects.requireNonNull(owner, "owner == null");
    Objects.requireNonNull(until, "until == null");
    return tx.run("renew leases of " + owner, c -> claims.renew(c, owner, until));
  }

  /** The dialect, the tables; never a URL or credentials. */
  @Override
  public String toString() {
    return "JdbcJobStore{" + dialect + ", tables " + tables + "}";
  }

  /** Options for a {@link JdbcJobStore}. Not thread-safe; {@link #build()} makes an independent store. */
  public static final class Builder {
    private final DataSource dataSource;
    private Tables tables = new Tables(Tables.DEFAULT_PREFIX);
    private JdbcDialect dialect;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
    }

    /**
     * The start of the store's table and index names; default {@code pictor_}. Give each application,
     * or each environment, that shares one database schema its own prefix. A lowercase letter, then
     * up to 29 lowercase letters, digits or underscores. (To use another schema, name it in the
     * DataSource: PostgreSQL's {@code currentSchema}, H2's {@code SCHEMA} URL setting.)
     *
     * @throws IllegalArgumentException for any other prefix
     */
    public Builder tablePrefix(String prefix) {
      this.tables = new Tables(prefix);
      return this;
    }

    /**
     * The SQL dialect, for a database that speaks PostgreSQL's or H2's but reports another product
     * name; by default the store detects it.
     */
    public Builder dialect(JdbcDialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect == null");
      return this;
    }

    /**
     * Connects once, migrates the tables and returns the store.
     *
     * @throws JobStoreException when the database cannot be reached, is neither PostgreSQL nor H2
     *     (and no dialect was chosen), or cannot be made durable
     * @throws UnsupportedSchemaException when a newer release of sdk-jdbc migrated the tables
     */
    public JdbcJobStore build() {
      JdbcDialect chosen = new Tx(dataSource).run("open tables " + tables, c -> {
        JdbcDialect d = dialect != null ? dialect : detect(c.getMetaData().getDatabaseProductName());
        Durability.ensure(c, d, tables);
        Migrator.migrate(c, d, tables);
        return d;
      });
      return new JdbcJobStore(this, chosen);
    }

    private static JdbcDialect detect(String product) {
      return JdbcDialect.forProductName(product).orElseThrow(() -> new JobStoreException("detect the dialect",
          "JdbcJobStore supports PostgreSQL and H2, and this DataSource's database is " + product + "; if it speaks"
              + " one of their dialects, choose it with JdbcJobStore.builder(dataSource).dialect(...)", null));
    }
  }
}
