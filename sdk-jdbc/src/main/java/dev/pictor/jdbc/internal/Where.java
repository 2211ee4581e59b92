package dev.pictor.jdbc.internal;

import dev.pictor.spi.LeaseClaim;
import dev.pictor.spi.RecordQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The conditions of a {@link RecordQuery} (and of a {@link LeaseClaim}) over the records table, which
 * statements call {@code r}. Each condition is a fixed piece of SQL; its values are bind parameters.
 */
public final class Where {
  private final List<Sql> conditions = new ArrayList<>();

  private Where() {}

  /** The record with id {@code id}. */
  public static Where id(String id) {
    return new Where().add(new Sql("r.id = ?", id));
  }

  /** The records whose ids are {@code ids} (not empty). */
  public static Where ids(Collection<String> ids) {
    return new Where().idIn(ids);
  }

  /** The records {@code q} matches, paging aside. */
  public static Where matching(RecordQuery q, Tables tables) {
    Where w = new Where();
    w.in("r.kind", q.kinds());
    w.in("r.status", q.statuses());
    w.in("r.action", q.actions());
    w.in("r.model", q.models());
    w.in("r.provider", q.providers());
    if (q.parentId() != null) w.add(new Sql("r.parent_id = ?", q.parentId()));
    if (q.externalId() != null) w.add(new Sql("r.external_id = ?", q.externalId()));
    if (q.owner() != null) w.add(new Sql("r.owner = ?", q.owner()));
    if (q.tag() != null) {
      w.add(new Sql("EXISTS (SELECT 1 FROM " + tables.tags() + " t WHERE t.record_id = r.id AND t.tag = ?)", q.tag()));
    }
    w.createdFrom(q.createdFrom());
    w.createdTo(q.createdTo());
    return w;
  }

  /** Also: {@code claim} may take the record's lease, as {@link LeaseClaim#canTake} says. */
  public Where claimableBy(LeaseClaim claim) {
    Sql free = new Sql("(r.lease_owner IS NULL");
    if (!claim.goneOwners().isEmpty()) free.append(" OR r.lease_owner IN ").appendList(claim.goneOwners());
    free.append(" OR (r.lease_owner <> ? AND r.lease_expires_at_ns <= ?))",
        claim.owner(), Nanos.of(claim.now(), "claim.now"));
    return add(free);
  }

  /** Also: the record's id is one of {@code ids} (not empty). */
  public Where idIn(Collection<String> ids) {
    return add(new Sql("r.id IN ").appendList(ids));
  }

  /** Appends {@code WHERE ...} to {@code sql}, or nothing when there is no condition. */
  public Sql appendTo(Sql sql) {
    for (int i = 0; i < conditions.size(); i++) {
      sql.append(i == 0 ? " WHERE " : " AND ").append(conditions.get(i));
    }
    return sql;
  }

  private void in(String column, Set<String> values) {
    if (!values.isEmpty()) add(new Sql(column + " IN ").appendList(values));
  }

  private void createdFrom(Instant from) {
    if (from == null || !from.isAfter(Nanos.MIN)) return; // every stored instant is at or after it
    if (from.isAfter(Nanos.MAX)) add(new Sql("1 = 0"));
    else add(new Sql("r.created_at_ns >= ?", Nanos.of(from, "createdFrom")));
  }

  private void createdTo(Instant to) {
    if (to == null || to.isAfter(Nanos.MAX)) return; // every stored instant is before it
    if (!to.isAfter(Nanos.MIN)) add(new Sql("1 = 0"));
    else add(new Sql("r.created_at_ns < ?", Nanos.of(to, "createdTo")));
  }

  private Where add(Sql condition) {
    conditions.add(condition);
    return this;
  }
}
