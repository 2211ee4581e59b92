package dev.pictor.jdbc.internal;

import dev.pictor.spi.JobRecord;
import dev.pictor.spi.RecordQuery;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The records table and its tags table: how a {@link JobRecord} maps onto a row and its tag rows, and
 * the statements that write and read them. Every method works on a connection inside the caller's
 * transaction. Immutable and thread-safe.
 */
public final class RecordTable {
  private static final String UNIQUE_VIOLATION = "23505"; // the same in PostgreSQL and H2
  /** Every column but {@code id}, in the order {@link #bindFields} binds them. */
  private static final List<String> FIELDS = List.of("kind", "parent_id", "status", "action", "model", "provider",
      "external_id", "owner", "created_at_ns", "updated_at_ns", "version", "lease_owner", "lease_expires_at_ns",
      "payload_version", "payload");

  /** The order of every page: newest first, then by id, descending. */
  public static final String NEWEST_FIRST = " ORDER BY r.created_at_ns DESC, r.id DESC";

  private final Tables tables;
  private final String select;
  private final String insert;
  private final String update;
  private final String insertTag;
  private final String deleteTags;
  private final String delete;

  public RecordTable(Tables t) {
    tables = t;
    StringBuilder columns = new StringBuilder("r.id");
    for (String f : FIELDS) columns.append(", r.").append(f);
    // The tags come with the row in the same statement, so a record and its tags are one snapshot.
    select = columns + ", ARRAY(SELECT t.tag FROM " + t.tags() + " t WHERE t.record_id = r.id) AS tags";
    insert = "INSERT INTO " + t.records() + " (id, " + String.join(", ", FIELDS) + ") VALUES ("
        + String.join(", ", Collections.nCopies(FIELDS.size() + 1, "?")) + ")";
    update = "UPDATE " + t.records() + " SET " + String.join(" = ?, ", FIELDS) + " = ? WHERE id = ? AND version = ?";
    insertTag = "INSERT INTO " + t.tags() + " (record_id, tag) VALUES (?, ?)";
    deleteTags = "DELETE FROM " + t.tags() + " WHERE record_id = ?";
    delete = "DELETE FROM " + t.records() + " WHERE id = ?";
  }

  /** A statement selecting the records {@code where} matches: {@code SELECT ... FROM records r WHERE ...}. */
  public Sql select(Where where) {
    return where.appendTo(new Sql("SELECT " + select + " FROM " + tables.records() + " r"));
  }

  /**
   * Inserts {@code r} at version 0 with its tags.
   *
   * @throws IllegalStateException when a record with that id exists
   */
  public void insert(Connection c, JobRecord r) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(insert)) {
      ps.setString(1, r.id());
      bindFields(ps, 2, r, 0);
      ps.executeUpdate();
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw new IllegalStateException("a record with id " + r.id() + " exists", e);
      }
      throw e;
    }
    insertTags(c, r);
  }

  public Optional<JobRecord> find(Connection c, String id) throws SQLException {
    List<JobRecord> found = list(c, select(Where.id(id)));
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** A page of the records {@code q} matches, newest first. */
  public List<JobRecord> page(Connection c, RecordQuery q) throws SQLException {
    return list(c, select(Where.matching(q, tables)).append(NEWEST_FIRST + " LIMIT ? OFFSET ?", q.limit(), q.offset()));
  }

  /** Deletes a record and, by cascade, its tags; false when there was none. */
  public boolean delete(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(delete)) {
      ps.setString(1, id);
      return ps.executeUpdate() > 0;
    }
  }

  /**
   * Replaces the row of {@code r.id()} and its tags if its version is {@code expected}; the row then has
   * version {@code expected + 1}.
   *
   * @return false when no row had that id and version
   */
  public boolean replace(Connection c, JobRecord r, long expected) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(update)) {
      bindFields(ps, 1, r, expected + 1);
      ps.setString(FIELDS.size() + 1, r.id());
      ps.setLong(FIELDS.size() + 2, expected);
      if (ps.executeUpdate() == 0) return false;
    }
    try (PreparedStatement ps = c.prepareStatement(deleteTags)) {
      ps.setString(1, r.id());
      ps.executeUpdate();
    }
    insertTags(c, r);
    return true;
  }

  /** The records {@code sql} (made by {@link #select}) returns, in its order. */
  public List<JobRecord> list(Connection c, Sql sql) throws SQLException {
    List<JobRecord> out = new ArrayList<>();
    try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) out.add(read(rs));
    }
    return out;
  }

  private void insertTags(Connection c, JobRecord r) throws SQLException {
    if (r.tags().isEmpty()) return;
    try (PreparedStatement ps = c.prepareStatement(insertTag)) {
      for (String tag : r.tags()) {
        ps.setString(1, r.id());
        ps.setString(2, tag);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void bindFields(PreparedStatement ps, int first, JobRecord r, long version) throws SQLException {
    int i = first;
    ps.setString(i++, r.kind());
    text(ps, i++, r.parentId().orElse(null));
    ps.setString(i++, r.status());
    text(ps, i++, r.action().orElse(null));
    text(ps, i++, r.model().orElse(null));
    text(ps, i++, r.provider().orElse(null));
    text(ps, i++, r.externalId().orElse(null));
    text(ps, i++, r.owner().orElse(null));
    ps.setLong(i++, Nanos.of(r.createdAt(), "createdAt"));
    ps.setLong(i++, Nanos.of(r.updatedAt(), "updatedAt"));
    ps.setLong(i++, version);
    text(ps, i++, r.leaseOwner().orElse(null));
    Long expires = Nanos.ofNullable(r.leaseExpiresAt().orElse(null), "leaseExpiresAt");
    if (expires == null) ps.setNull(i++, Types.BIGINT);
    else ps.setLong(i++, expires);
    ps.setInt(i++, r.payloadVersion());
    ps.setString(i, r.payload());
  }

  private static void text(PreparedStatement ps, int index, String value) throws SQLException {
    if (value == null) ps.setNull(index, Types.VARCHAR);
    else ps.setString(index, value);
  }

  private static JobRecord read(ResultSet rs) throws SQLException {
    long expires = rs.getLong("lease_expires_at_ns");
    Instant leaseExpiresAt = rs.wasNull() ? null : Nanos.instant(expires);
    return JobRecord.builder()
        .id(rs.getString("id"))
        .kind(rs.getString("kind"))
        .parentId(rs.getString("parent_id"))
        .status(rs.getString("status"))
        .action(rs.getString("action"))
        .model(rs.getString("model"))
        .provider(rs.getString("provider"))
        .externalId(rs.getString("external_id"))
        .owner(rs.getString("owner"))
        .tags(tags(rs.getArray("tags")))
        .createdAt(Nanos.instant(rs.getLong("created_at_ns")))
        .updatedAt(Nanos.instant(rs.getLong("updated_at_ns")))
        .version(rs.getLong("version"))
        .lease(rs.getString("lease_owner"), leaseExpiresAt)
        .payload(rs.getInt("payload_version"), rs.getString("payload"))
        .build();
  }

  private static Set<String> tags(Array array) throws SQLException {
    if (array == null) return Set.of();
    try {
      Set<String> tags = new HashSet<>();
      for (Object tag : (Object[]) array.getArray()) tags.add((String) tag);
      return tags;
    } finally {
      array.free();
    }
  }
}
