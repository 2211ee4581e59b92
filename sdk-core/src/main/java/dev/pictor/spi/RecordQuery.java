package dev.pictor.spi;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link JobStore} query: every non-empty set and present value must match (a set matches any of
 * its members). Results are ordered by {@code createdAt} descending, then {@code id} descending, and
 * paged by {@code offset} and {@code limit}.
 *
 * <p>Immutable and thread-safe.
 */
public record RecordQuery(
    Set<String> kinds,
    Set<String> statuses,
    Set<String> actions,
    Set<String> models,
    Set<String> providers,
    String parentId,
    String externalId,
    String owner,
    String tag,
    Instant createdFrom,
    Instant createdTo,
    int offset,
    int limit) {

  public RecordQuery {
    kinds = kinds == null ? Set.of() : Set.copyOf(kinds);
    statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
    actions = actions == null ? Set.of() : Set.copyOf(actions);
    models = models == null ? Set.of() : Set.copyOf(models);
    providers = providers == null ? Set.of() : Set.copyOf(providers);
    if (offset < 0) throw new IllegalArgumentException("offset < 0");
    if (limit < 1) throw new IllegalArgumentException("limit < 1");
  }

  /** Records of {@code kind} in any of {@code statuses}, first {@code limit}. */
  public static RecordQuery of(String kind, Set<String> statuses, int limit) {
    return new RecordQuery(Set.of(kind), statuses, null, null, null, null, null, null, null, null, null, 0, limit);
  }

  public Optional<String> parentIdOptional() { return Optional.ofNullable(parentId); }
  public Optional<String> externalIdOptional() { return Optional.ofNullable(externalId); }

  /** Whether {@code r} matches every filter (paging aside); stores may use it or translate to SQL. */
  public boolean matches(JobRecord r) {
    if (!kinds.isEmpty() && !kinds.contains(r.kind())) return false;
    if (!statuses.isEmpty() && !statuses.contains(r.status())) return false;
    if (!actions.isEmpty() && !r.action().map(actions::contains).orElse(false)) return false;
    if (!models.isEmpty() && !r.model().map(models::contains).orElse(false)) return false;
    if (!providers.isEmpty() && !r.provider().map(providers::contains).orElse(false)) return false;
    if (parentId != null && !parentId.equals(r.parentId().orElse(null))) return false;
    if (externalId != null && !externalId.equals(r.externalId().orElse(null))) return false;
    if (owner != null && !owner.equals(r.owner().orElse(null))) return false;
    if (tag != null && !r.tags().contains(tag)) return false;
    if (createdFrom != null && r.createdAt().isBefore(createdFrom)) return false;
    if (createdTo != null && !r.createdAt().isBefore(createdTo)) return false;
    return true;
  }

  /** A copy for another page. */
  public RecordQuery withPage(int newOffset, int newLimit) {
    return new RecordQuery(kinds, statuses, actions, models, providers, parentId, externalId, owner, tag,
        createdFrom, createdTo, newOffset, newLimit);
  }
}
