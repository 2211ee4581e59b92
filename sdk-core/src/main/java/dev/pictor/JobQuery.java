package dev.pictor;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A filter over the job history: statuses, actions, models, providers, batch, owner, tag and a
 * creation time range, with paging. Results come newest first (then by id, descending), so pages are
 * stable. Immutable.
 *
 * <pre>{@code
 * List<Job> failedToday = client.jobs(JobQuery.builder()
 *     .status(JobStatus.FAILED)
 *     .createdFrom(Instant.now().minus(Duration.ofDays(1)))
 *     .limit(50)
 *     .build());
 * }</pre>
 */
public final class JobQuery {
  /** The largest page size a query may ask for. */
  public static final int MAX_LIMIT = 1000;

  private final Set<JobStatus> statuses;
  private final Set<Action> actions;
  private final Set<String> models;
  private final Set<String> providers;
  private final String batchId;
  private final String owner;
  private final String tag;
  private final Instant createdFrom;
  private final Instant createdTo;
  private final int limit;
  private final int offset;

  private JobQuery(Builder b) {
    this.statuses = Collections.unmodifiableSet(b.statuses.clone());
    this.actions = Collections.unmodifiableSet(b.actions.clone());
    this.models = Collections.unmodifiableSet(new LinkedHashSet<>(b.models));
    this.providers = Collections.unmodifiableSet(new LinkedHashSet<>(b.providers));
    this.batchId = b.batchId;
    this.owner = b.owner;
    this.tag = b.tag;
    this.createdFrom = b.createdFrom;
    this.createdTo = b.createdTo;
    this.limit = b.limit;
    this.offset = b.offset;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every job, first page of 100. */
  public static JobQuery all() {
    return builder().build();
  }

  public Set<JobStatus> statuses() { return statuses; }
  public Set<Action> actions() { return actions; }
  public Set<String> models() { return models; }
  public Set<String> providers() { return providers; }
  public Optional<String> batchId() { return Optional.ofNullable(batchId); }
  public Optional<String> owner() { return Optional.ofNullable(owner); }
  public Optional<String> tag() { return Optional.ofNullable(tag); }
  /** Inclusive lower bound on creation time. */
  public Optional<Instant> createdFrom() { return Optional.ofNullable(createdFrom); }
  /** Exclusive upper bound on creation time. */
  public Optional<Instant> createdTo() { return Optional.ofNullable(createdTo); }
  public int limit() { return limit; }
  public int offset() { return offset; }

  /** The same filter, one page further on. */
  public JobQuery nextPage() {
    Builder b = new Builder(this);
    b.offset = offset + limit;
    return b.build();
  }

  /** Builds a {@link JobQuery}. Not thread-safe. */
  public static final class Builder {
    private final EnumSet<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
    private final EnumSet<Action> actions = EnumSet.noneOf(Action.class);
    private final Set<String> models = new LinkedHashSet<>();
    private final Set<String> providers = new LinkedHashSet<>();
    private String batchId;
    private String owner;
    private String tag;
    private Instant createdFrom;
    private Instant createdTo;
    private int limit = 100;
    private int offset;

    private Builder() {}

    private Builder(JobQuery q) {
      statuses.addAll(q.statuses);
      actions.addAll(q.actions);
      models.addAll(q.models);
      providers.addAll(q.providers);
      batchId = q.batchId;
      owner = q.owner;
      tag = q.tag;
      createdFrom = q.createdFrom;
      createdTo = q.createdTo;
      limit = q.limit;
      offset = q.offset;
    }

    /** Adds statuses to match (any of them). */
    public Builder status(JobStatus... statuses) { this.statuses.addAll(Set.of(statuses)); return this; }
    public Builder action(Action... actions) { this.actions.addAll(Set.of(actions)); return this; }
    public Builder model(String... models) { this.models.addAll(Set.of(models)); return this; }
    public Builder provider(String... providers) { this.providers.addAll(Set.of(providers)); return this; }
    public Builder batchId(String batchId) { this.batchId = batchId; return this; }
    public Builder owner(String owner) { this.owner = owner; return this; }
    public Builder tag(String tag) { this.tag = tag; return this; }
    public Builder createdFrom(Instant from) { this.createdFrom = from; return this; }
    public Builder createdTo(Instant to) { this.createdTo = to; return this; }

    /** Page size, 1 to {@value JobQuery#MAX_LIMIT}; default 100. */
    public Builder limit(int limit) {
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new InvalidRequestException("limit", "limit = " + limit + " must be from 1 to " + MAX_LIMIT);
      }
      this.limit = limit;
      return this;
    }

    public Builder offset(int offset) {
      if (offset < 0) throw new InvalidRequestException("offset", "offset = " + offset + " must be 0 or more");
      this.offset = offset;
      return this;
    }

    public JobQuery build() {
      if (createdFrom != null && createdTo != null && !createdFrom.isBefore(createdTo)) {
        throw new InvalidRequestException("createdFrom", "createdFrom " + createdFrom + " must be before createdTo " + createdTo);
      }
      return new JobQuery(this);
    }
  }
}
