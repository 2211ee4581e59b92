package dev.pictor.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Who asks for leases in {@link JobStore#claim}, as of when, and until when. A record can be claimed
 * when its lease is free (no owner), has expired at {@link #now()}, or is held by one of
 * {@link #goneOwners()}: owners the caller knows to be dead (a process on this
 * machine that is no longer running), whose leases need not be waited out. The claimant's own
 * leases are not taken again.
 *
 * <p>Immutable and thread-safe.
 *
 * @param owner the instance taking the leases, as {@code JobRecord.leaseOwner()} will read
 * @param now the claimant's clock; leases expiring at or before it are free
 * @param until when the new leases expire unless renewed
 * @param goneOwners owners whose leases may be taken at once
 */
public record LeaseClaim(String owner, Instant now, Instant until, Set<String> goneOwners) {
  public LeaseClaim {
    Objects.requireNonNull(owner, "owner == null");
    Objects.requireNonNull(now, "now == null");
    Objects.requireNonNull(until, "until == null");
    goneOwners = goneOwners == null ? Set.of() : Set.copyOf(goneOwners);
  }

  /** Whether {@code r}'s lease may be taken under this claim. */
  public boolean canTake(JobRecord r) {
    String held = r.leaseOwner().orElse(null);
    if (held == null || goneOwners.contains(held)) return true;
    if (held.equals(owner)) return false; // already the claimant's
    Instant expires = r.leaseExpiresAt().orElse(null);
    return expires != null && !expires.isAfter(now);
  }
}
