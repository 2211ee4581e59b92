package dev.pictor.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One row of a {@link JobStore}: the indexed fields every query needs, a version for compare-and-set,
 * a lease for several instances over one database, and an opaque JSON payload with its format
 * version. The core owns the payload's shape, so a store never changes when jobs gain fields.
 * Immutable.
 *
 * <p>{@link #kind()} tells records apart: {@link #KIND_JOB}, {@link #KIND_BATCH}, and workflows such
 * as a calendar project; {@link #parentId()} links a job to its batch or workflow.
 */
public final class JobRecord {
  public static final String KIND_JOB = "job";
  public static final String KIND_BATCH = "batch";

  private final String id;
  private final String kind;
  private final String parentId;
  private final String status;
  private final String action;
  private final String model;
  private final String provider;
  private final String externalId;
  private final String owner;
  private final Set<String> tags;
  private final Instant createdAt;
  private final Instant updatedAt;
  private final long version;
  private final String leaseOwner;
  private final Instant leaseExpiresAt;
  private final int payloadVersion;
  private final String payload;

  private JobRecord(Builder b) {
    this.id = Objects.requireNonNull(b.id, "id == null");
    this.kind = Objects.requireNonNull(b.kind, "kind == null");
    this.parentId = b.parentId;
    this.status = Objects.requireNonNull(b.status, "status == null");
    this.action = b.action;
    this.model = b.model;
    this.provider = b.provider;
    this.externalId = b.externalId;
    this.owner = b.owner;
    this.tags = b.tags == null || b.tags.isEmpty() ? Set.of() : Set.copyOf(b.tags);
    this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt == null");
    this.updatedAt = b.updatedAt == null ? b.createdAt : b.updatedAt;
    this.version = b.version;
    this.leaseOwner = b.leaseOwner;
    this.leaseExpiresAt = b.leaseExpiresAt;
    this.payloadVersion = b.payloadVersion;
    this.payload = Objects.requireNonNull(b.payload, "payload == null");
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public String id() { return id; }
  public String kind() { return kind; }
  public Optional<String> parentId() { return Optional.ofNullable(parentId); }
  public String status() { return status; }
  public Optional<String> action() { return Optional.ofNullable(action); }
  public Optional<String> model() { return Optional.ofNullable(model); }
  public Optional<String> provider() { return Optional.ofNullable(provider); }
  /** The provider's id for the job, for webhook look-ups. */
  public Optional<String> externalId() { return Optional.ofNullable(externalId); }
  public Optional<String> owner() { return Optional.ofNullable(owner); }
  public Set<String> tags() { return tags; }
  public Instant createdAt() { return createdAt; }
  public Instant updatedAt() { return updatedAt; }
  /** Starts at 0 on insert; each successful update adds one. */
  public long version() { return version; }
  public Optional<String> leaseOwner() { return Optional.ofNullable(leaseOwner); }
  public Optional<Instant> leaseExpiresAt() { return Optional.ofNullable(leaseExpiresAt); }
  public int payloadVersion() { return payloadVersion; }
  /** Opaque JSON owned by the core. */
  public String payload() { return payload; }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof JobRecord)) return false;
    JobRecord r = (JobRecord) o;
    return version == r.version && payloadVersion == r.payloadVersion && id.equals(r.id) && kind.equals(r.kind)
        && Objects.equals(parentId, r.parentId) && status.equals(r.status) && Objects.equals(action, r.action)
        && Objects.equals(model, r.model) && Objects.equals(provider, r.provider)
        && Objects.equals(externalId, r.externalId) && Objects.equals(owner, r.owner) && tags.equals(r.tags)
        && createdAt.equals(r.createdAt) && updatedAt.equals(r.updatedAt)
        && Objects.equals(leaseOwner, r.leaseOwner) && Objects.equals(leaseExpiresAt, r.leaseExpiresAt)
        && payload.equals(r.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, version);
  }

  @Override
  public String toString() {
    return "JobRecord{" + kind + " " + id + " v" + version + " " + status + "}";
  }

  /** Builds a {@link JobRecord}. Not thread-safe. */
  public static final class Builder {
    private String id;
    private String kind = KIND_JOB;
    private String parentId;
    private String status;
    private String action;
    private String model;
    private String provider;
    private String externalId;
    private String owner;
    private Set<String> tags;
    private Instant createdAt;
    private Instant updatedAt;
    private long version;
    private String leaseOwner;
    private Instant leaseExpiresAt;
    private int payloadVersion = 1;
    private String payload = "{}";

    private Builder() {}

    private Builder(JobRecord r) {
      id = r.id;
      kind = r.kind;
      parentId = r.parentId;
      status = r.status;
      action = r.action;
      model = r.model;
      provider = r.provider;
      externalId = r.externalId;
      owner = r.owner;
      tags = r.tags;
      createdAt = r.createdAt;
      updatedAt = r.updatedAt;
      version = r.version;
      leaseOwner = r.leaseOwner;
      leaseExpiresAt = r.leaseExpiresAt;
      payloadVersion = r.payloadVersion;
      payload = r.payload;
    }

    public Builder id(String id) { this.id = id; return this; }
    public Builder kind(String kind) { this.kind = kind; return this; }
    public Builder parentId(String parentId) { this.parentId = parentId; return this; }
    public Builder status(String status) { this.status = status; return this; }
    public Builder action(String action) { this.action = action; return this; }
    public Builder model(String model) { this.model = model; return this; }
    public Builder provider(String provider) { this.provider = provider; return this; }
    public Builder externalId(String externalId) { this.externalId = externalId; return this; }
    public Builder owner(String owner) { this.owner = owner; return this; }
    public Builder tags(Set<String> tags) { this.tags = tags; return this; }
    public Builder createdAt(Instant t) { this.createdAt = t; return this; }
    public Builder updatedAt(Instant t) { this.updatedAt = t; return this; }
    public Builder version(long version) { this.version = version; return this; }
    public Builder lease(String owner, Instant expiresAt) { this.leaseOwner = owner; this.leaseExpiresAt = expiresAt; return this; }
    public Builder payload(int version, String json) { this.payloadVersion = version; this.payload = json; return this; }

    public JobRecord build() {
      return new JobRecord(this);
    }
  }
}
