package dev.pictor.internal;

import dev.pictor.spi.JobRecord;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.LeaseClaim;
import dev.pictor.spi.Scheduler;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This client's leases in a shared store: what it writes as a record's lease, the timer that renews
 * them, letting them go on close, and which other owners are known to be dead. Thread-safe.
 *
 * <p>An owner id reads {@code host/pid/start/random}: the machine, the process, when it started (so a
 * reused pid is told apart) and a random part (two clients in one process). A lease whose owner ran on
 * this machine and is no longer running can be taken at once; elsewhere leases are waited out.
 */
final class Leases {
  private static final Logger log = LoggerFactory.getLogger(Leases.class);
  private static final String HOST = hostName();

  private final JobStore store;
  private final Scheduler clock;
  private final String owner;
  private final Duration duration;
  private final java.util.concurrent.Executor worker;
  private volatile boolean expiring;
  private volatile boolean stopped;
  private Future<?> timer;

  Leases(JobStore store, Scheduler clock, String owner, Duration duration, java.util.concurrent.Executor worker) {
    this.store = store;
    this.worker = worker;
    this.clock = clock;
    this.owner = owner;
    this.duration = duration;
  }

  /** A new owner id for this process. */
  static String newOwnerId() {
    ProcessHandle self = ProcessHandle.current();
    long started = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    return HOST + "/" + self.pid() + "/" + started + "/" + Ids.shortRandom();
  }

  /** Asks the store whether it keeps expiries and starts the renewal timer when it does. */
  synchronized void start() {
    try {
      expiring = store.renewLeases(owner, clock.now().plus(duration)) >= 0;
    } catch (RuntimeException e) {
      log.warn("the job store could not renew leases; leases will not expire: {}", e.toString());
      expiring = false;
    }
    if (expiring) schedule();
  }

  private synchronized void schedule() {
    if (stopped) return;
    long third = Math.max(1, duration.toMillis() / 3);
    // Renewal runs on the wall clock's timer even when the client runs on another Scheduler (a manual
    // clock in tests): expiries are still that clock's time, and its pending timers stay the client's own.
    timer = Scheduler.system().schedule(() -> handOff(), Duration.ofMillis(third));
  }

  private void handOff() {
    try {
      worker.execute(this::renew);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      // the client is closing; release() lets the leases go
    }
  }

  private void renew() {
    if (stopped) return;
    try {
      store.renewLeases(owner, clock.now().plus(duration));
    } catch (RuntimeException e) {
      log.warn("renewing this client's leases failed; retrying: {}", e.toString());
    }
    schedule();
  }

  /** The expiry a record written now gets, or null when the store keeps no expiries. */
  Instant until() {
    return expiring ? clock.now().plus(duration) : null;
  }

  String owner() {
    return owner;
  }

  /** A claim as of now, taking at once the leases of {@code seen} owners that are gone. */
  LeaseClaim claim(Collection<JobRecord> seen) {
    Set<String> gone = new HashSet<>();
    for (JobRecord r : seen) {
      r.leaseOwner().filter(o -> !o.equals(owner) && goneFromThisMachine(o)).ifPresent(gone::add);
    }
    Instant now = clock.now();
    Instant until = expiring ? now.plus(duration) : null;
    return new LeaseClaim(owner, now, until == null ? now.plus(Duration.ofDays(36500)) : until, gone);
  }

  /** Whether {@code r} is held by a live owner other than this client. */
  boolean heldByAnother(JobRecord r) {
    String held = r.leaseOwner().orElse(null);
    if (held == null || held.equals(owner)) return false;
    Instant expires = r.leaseExpiresAt().orElse(null);
    if (expires != null && !expires.isAfter(clock.now())) return false;
    return !goneFromThisMachine(held);
  }

  /** Stops renewing and lets every lease go, so other instances may take the work at once. */
  synchronized void release() {
    stopped = true;
    if (timer != null) timer.cancel(false);
    if (!expiring) return;
    try {
      store.renewLeases(owner, clock.now());
    } catch (RuntimeException e) {
      log.warn("letting this client's leases go failed; they expire on their own: {}", e.toString());
    }
  }

  /** Whether {@code ownerId} names a process on this machine that is no longer running. */
  static boolean goneFromThisMachine(String ownerId) {
    String[] parts = ownerId.split("/");
    if (parts.length != 4 || !parts[0].equals(HOST)) return false;
    try {
      long pid = Long.parseLong(parts[1]);
      long started = Long.parseLong(parts[2]);
      Optional<ProcessHandle> p = ProcessHandle.of(pid);
      if (p.isEmpty() || !p.get().isAlive()) return true;
      Optional<Instant> start = p.get().info().startInstant();
      return start.isPresent() && started != 0 && Math.abs(start.get().toEpochMilli() - started) > 1000;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) return env.replace('/', '_');
    try {
      return InetAddress.getLocalHost().getHostName().replace('/', '_');
    } catch (Exception e) {
      return "localhost";
    }
  }
}
