package dev.pictor.jdbc.internal;

import dev.pictor.jdbc.JdbcDialect;
import dev.pictor.spi.JobRecord;
import dev.pictor.spi.LeaseClaim;
import dev.pictor.spi.RecordQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Leases in SQL: claiming records in one transaction without waiting for, or taking, what another
 * claim holds, and renewing an owner's leases in one statement. Works on a connection inside the
 * caller's transaction. Immutable and thread-safe.
 *
 * <p>Either way a record is locked first ({@code FOR UPDATE SKIP LOCKED}) and then taken by a
 * compare-and-set on its version, so two claims can never both take it, and the previous holder's
 * next compare-and-set fails.
 */
public final class Claims {
  private static final Comparator<JobRecord> NEWEST_FIRST =
      Comparator.comparing(JobRecord::createdAt).thenComparing(JobRecord::id).reversed();

  private final JdbcDialect dialect;
  private final Tables tables;
  private final RecordTable table;
  private final String take;
  private final String renew;

  public Claims(JdbcDialect dialect, Tables tables, RecordTable table) {
    this.dialect = dialect;
    this.tables = tables;
    this.table = table;
    take = "UPDATE " + tables.records() + " SET lease_owner = ?, lease_expires_at_ns = ?, version = ?"
        + " WHERE id = ? AND version = ?";
    renew = "UPDATE " + tables.records() + " SET lease_expires_at_ns = ? WHERE lease_owner = ?";
  }

  /** The records taken, as stored, newest first. */
  public List<JobRecord> claim(Connection c, RecordQuery q, LeaseClaim claim) throws SQLException {
    Nanos.of(claim.until(), "claim.until"); // fail before locking anything
    List<JobRecord> taken = dialect == JdbcDialect.POSTGRESQL ? skippingLocked(c, q, claim) : byCandidates(c, q, claim);
    taken.sort(NEWEST_FIRST);
    return taken;
  }

  /** Moves every lease {@code owner} holds to {@code until}; versions stay as they are. */
  public int renew(Connection c, String owner, Instant until) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(renew)) {
      ps.setLong(1, Nanos.of(until, "until"));
      ps.setString(2, owner);
      return ps.executeUpdate();
    }
  }

  /**
   * PostgreSQL locks rows as they leave the ordered scan and skips those another transaction holds
   * before the limit counts them, so one statement fills the page with records nobody else is taking.
   */
  private List<JobRecord> skippingLocked(Connection c, RecordQuery q, LeaseClaim claim) throws SQLException {
    Sql lock = selectIds(Where.matching(q, tables).claimableBy(claim))
        .append(RecordTable.NEWEST_FIRST + " LIMIT ? OFFSET ? FOR UPDATE OF r SKIP LOCKED", q.limit(), q.offset());
    return take(c, ids(c, lock), claim);
  }

  /**
   * H2 locks every row a {@code FOR UPDATE} statement reads before it sorts and limits, so an ordered
   * page would lock every match. So: pick a page of candidates without locks, lock just those by id
   * (skipping the ones another claim holds, re-checking the conditions), take them, and move past the
   * skipped ones until the page is full or no candidate is left. Records this transaction took no
   * longer match, so only the skipped ones shift the offset.
   */
  private List<JobRecord> byCandidates(Connection c, RecordQuery q, LeaseClaim claim) throws SQLException {
    List<JobRecord> taken = new ArrayList<>();
    int skipped = 0;
    while (taken.size() < q.limit()) {
      int want = q.limit() - taken.size();
      List<String> candidates = ids(c, selectIds(Where.matching(q, tables).claimableBy(claim))
          .append(RecordTable.NEWEST_FIRST + " LIMIT ? OFFSET ?", want, q.offset() + skipped));
      if (candidates.isEmpty()) break;
      List<String> locked = ids(c, selectIds(Where.matching(q, tables).claimableBy(claim).idIn(candidates))
          .append(" FOR UPDATE SKIP LOCKED"));
      List<JobRecord> got = take(c, locked, claim);
      taken.addAll(got);
      skipped += candidates.size() - got.size();
      if (candidates.size() < want) break;
    }
    return taken;
  }

  private Sql selectIds(Where where) {
    return where.appendTo(new Sql("SELECT r.id FROM " + tables.records() + " r"));
  }

  private static List<String> ids(Connection c, Sql sql) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement ps = sql.prepare(c); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) ids.add(rs.getString(1));
    }
    return ids;
  }

  /**
   * Takes the records this transaction has locked: reads them as they are now (a statement after the
   * lock sees the latest commit, tags included), then sets the lease by compare-and-set on the version.
   * Returns the stored copies.
   */
  private List<JobRecord> take(Connection c, List<String> locked, LeaseClaim claim) throws SQLException {
    List<JobRecord> taken = new ArrayList<>();
    if (locked.isEmpty()) return taken;
    List<JobRecord> candidates = new ArrayList<>();
    for (JobRecord r : table.list(c, table.select(Where.ids(locked)))) if (claim.canTake(r)) candidates.add(r);
    if (candidates.isEmpty()) return taken;
    long until = Nanos.of(claim.until(), "claim.until");
    try (PreparedStatement ps = c.prepareStatement(take)) {
      for (JobRecord r : candidates) {
        ps.setString(1, claim.owner());
        ps.setLong(2, until);
        ps.setLong(3, r.version() + 1);
        ps.setString(4, r.id());
        ps.setLong(5, r.version());
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        JobRecord r = candidates.get(i);
        if (counts[i] != 1) continue; // changed since it was read: not taken
        taken.add(r.toBuilder().lease(claim.owner(), claim.until()).version(r.version() + 1).build());
      }
    }
    return taken;
  }
}
