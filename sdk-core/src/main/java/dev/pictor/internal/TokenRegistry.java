package dev.pictor.internal;

import dev.failsafe.RateLimiter;
import dev.pictor.AuthenticationException;
import dev.pictor.GenerationListener;
import dev.pictor.InvalidRequestException;
import dev.pictor.TokenPool;
import dev.pictor.TokenStats;
import dev.pictor.spi.RateLimits;
import dev.pictor.spi.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime behind a {@link TokenPool}: per-token state, rate limiters and the lease decision.
 * Thread-safe; lease decisions are made under one lock (they take microseconds).
 */
public final class TokenRegistry {
  private static final Logger log = LoggerFactory.getLogger(TokenRegistry.class);
  static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(30);

  /** Lets the engine reach a pool's registry without making it public API. */
  public static final class Access {
    private static volatile Function<TokenPool, TokenRegistry> accessor;

    private Access() {}

    public static void install(Function<TokenPool, TokenRegistry> f) {
      accessor = f;
    }

    static TokenRegistry of(TokenPool pool) {
      if (accessor == null) {
        // Loading TokenPool runs its static initializer, which installs the accessor.
        try {
          Class.forName(TokenPool.class.getName(), true, TokenPool.class.getClassLoader());
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException(e);
        }
      }
      return accessor.apply(pool);
    }
  }

  /** Whether an operation counts against the create limit or the other one. */
  public enum Kind { CREATE, OTHER }

  private final List<TokenState> tokens = new ArrayList<>();
  private final int maxInFlightPerToken;
  private String provider = "?";
  private Scheduler clock = Scheduler.system();
  private GenerationListener listener = GenerationListener.NONE;
  private java.util.concurrent.Executor events = Runnable::run;
  private boolean bound;
  /** Callers waiting for a busy token (probing, or at its in-flight cap) to be released. */
  private final List<Runnable> waiters = new ArrayList<>();

  public TokenRegistry(List<String> labels, List<String> secrets, int maxInFlightPerToken) {
    for (int i = 0; i < labels.size(); i++) tokens.add(new TokenState(labels.get(i), secrets.get(i)));
    this.maxInFlightPerToken = maxInFlightPerToken;
  }

  public static TokenRegistry of(TokenPool pool) {
    return Access.of(pool);
  }

  /** Binds the pool to its provider and seeds the limiters; a pool serves one provider only. */
  public synchronized void bind(String providerId, RateLimits limits, Scheduler scheduler, GenerationListener listener,
      java.util.concurrent.Executor events) {
    if (bound && !provider.equals(providerId)) {
      throw new IllegalStateException("this TokenPool already serves provider " + provider + "; give " + providerId + " its own");
    }
    this.provider = providerId;
    this.clock = scheduler;
    this.listener = listener;
    this.events = events;
    if (!bound) {
      for (TokenState t : tokens) {
        t.create = new AdaptiveLimit(limits.createPermits(), limits.createPeriod());
        t.other = new AdaptiveLimit(limits.otherPermits(), limits.otherPeriod());
      }
    }
    bound = true;
  }

  /**
   * One token's limit for one kind of call. It starts at the provider's documented rate, paced evenly
   * (a fixed-window burst can put two windows' permits back to back, which a token-bucket server
   * answers with 429s). A 429 sets the rate to what the server actually accepted over the last
   * {@link #WINDOW}, at most 90% and at least half of the rate before; 429s
   * within the following calm window count as the same event. Every quiet {@link #WINDOW} raises the
   * rate by a tenth, back up to the documented rate. So a token whose real limit is lower than
   * documented (a low-credit account, a smaller RunPod endpoint) runs near that limit.
   */
  static final class AdaptiveLimit {
    static final Duration WINDOW = Duration.ofSeconds(2);
    final int seed;
    final Duration period;
    double permits;
    RateLimiter<Object> limiter;
    /** Bumped whenever the limiter is replaced: permits reserved before then are stale. */
    int generation;
    /** Until when 429s count as the same congestion event. */
    Instant calmAfter;
    Instant lastChange;
    private final java.util.ArrayDeque<Instant> accepted = new java.util.ArrayDeque<>();

    AdaptiveLimit(int seed, Duration period) {
      this.seed = seed;
      this.period = period;
      this.permits = seed;
      this.limiter = seed <= 0 ? null : RateLimiter.smoothBuilder(seed, period).build();
    }

    /** A 429 at {@code now}; the ones that follow within {@code window} belong to the same event. */
    void throttled(Instant now, Duration window) {
      if (seed <= 0) return;
      if (calmAfter != null && now.isBefore(calmAfter)) return;
      calmAfter = now.plus(window);
      trim(now);
      double observed = accepted.size() * ((double) period.toNanos() / WINDOW.toNanos());
      // Answers lag acceptance (a sync wait answers when the job ends), so never drop below half at once.
      permits = Math.max(1, Math.max(permits / 2, Math.min(permits * 0.9, observed)));
      rebuild(now);
    }

    void succeeded(Instant now) {
      if (seed <= 0) return;
      accepted.addLast(now);
      trim(now);
      if (permits >= seed || (calmAfter != null && now.isBefore(calmAfter))) return;
      if (lastChange != null && Duration.between(lastChange, now).compareTo(WINDOW) < 0) return;
      permits = Math.min(seed, permits * 1.1);
      rebuild(now);
    }

    /**
     * The server says {@code remaining} requests are left until its window resets in {@code resetsIn}:
     * never run faster than that leaves room for. Raised again by {@link #succeeded} as usual.
     */
    void quota(Instant now, long remaining, Duration resetsIn) {
      if (seed <= 0 || remaining <= 0 || resetsIn.isZero() || resetsIn.isNegative()) return;
      double allowed = remaining * ((double) period.toNanos() / resetsIn.toNanos());
      if (allowed >= permits) return;
      permits = Math.max(1, allowed);
      calmAfter = now.plus(resetsIn.compareTo(WINDOW) < 0 ? WINDOW : resetsIn);
      rebuild(now);
    }

    /** The pause between two permits at the current rate. */
    Duration interval() {
      return Duration.ofNanos((long) (period.toNanos() / Math.max(1, permits)));
    }

    private void trim(Instant now) {
      Instant from = now.minus(WINDOW);
      while (!accepted.isEmpty() && accepted.peekFirst().isBefore(from)) accepted.pollFirst();
    }

    private void rebuild(Instant now) {
      limiter = RateLimiter.smoothBuilder((long) Math.max(1, permits), period).build();
      generation++;
      lastChange = now;
    }
  }

  public synchronized int size() {
    return tokens.size();
  }

  /**
   * The outcome of asking for a token: a lease (maybe to be used after {@link #wait}), a wait for a
   * cooldown to end ({@code lease == null}), or, when {@link #wait} is null, nothing now: the retry
   * given to {@link #acquire(Kind, Runnable)} runs when a token is released.
   */
  public static final class Acquisition {
    public final Lease lease;
    public final Duration wait;

    Acquisition(Lease lease, Duration wait) {
      this.lease = lease;
      this.wait = wait;
    }
  }

  /**
   * Chooses a token: among active ones that may take another call (verified, or an unverified one
   * with nothing in flight), the least in flight whose limiter has a permit now; else the least in
   * flight with a reserved permit and its wait; else, when all are cooling down or busy, a wait.
   *
   * @throws AuthenticationException when no token is left, at once
   */
  public synchronized Acquisition acquire(Kind kind) {
    return acquire(kind, null);
  }

  /** As {@link #acquire(Kind)}; when every usable token is busy, {@code onRelease} runs once one is released. */
  public synchronized Acquisition acquire(Kind kind, Runnable onRelease) {
    return acquire(kind, onRelease, null);
  }

  /**
   * As {@link #acquire(Kind, Runnable)}, preferring the token whose masked label is {@code preferred}
   * (the one that created a job: providers such as Replicate show a job only to its creator's
   * account). When that token is removed or disabled, any other is used.
   */
  public synchronized Acquisition acquire(Kind kind, Runnable onRelease, String preferred) {
    if (preferred != null) {
      for (TokenState t : tokens) {
        if (!t.masked.equals(preferred)) continue;
        if (t.state == TokenStats.State.REMOVED || t.state == TokenStats.State.DISABLED) break;
        Instant now = clock.now();
        if (t.state == TokenStats.State.COOLING_DOWN && t.coolingUntil.isAfter(now)) {
          return new Acquisition(null, Duration.between(now, t.coolingUntil));
        }
        RateLimiter<Object> l = t.limit(kind) == null ? null : t.limit(kind).limiter;
        Duration wait = l == null || l.tryAcquirePermit() ? Duration.ZERO : l.reservePermit();
        return new Acquisition(lease(t, now, kind), wait);
      }
    }
    if (tokens.isEmpty()) return new Acquisition(new Lease(this, null, kind), Duration.ZERO);
    Instant now = clock.now();
    List<TokenState> candidates = new ArrayList<>(tokens.size());
    Instant earliestCooldownEnd = null;
    boolean anyAlive = false;
    for (TokenState t : tokens) {
      if (t.state == TokenStats.State.REMOVED || t.state == TokenStats.State.DISABLED) continue;
      anyAlive = true;
      if (t.state == TokenStats.State.COOLING_DOWN) {
        if (t.coolingUntil.isAfter(now)) {
          if (earliestCooldownEnd == null || t.coolingUntil.isBefore(earliestCooldownEnd)) earliestCooldownEnd = t.coolingUntil;
          continue;
        }
        t.state = TokenStats.State.ACTIVE;
        t.coolingUntil = null;
      }
      if (!t.verified && t.inFlight > 0) continue;
      if (maxInFlightPerToken > 0 && t.inFlight >= maxInFlightPerToken) continue;
      candidates.add(t);
    }
    if (!anyAlive) {
      throw new AuthenticationException("no usable token left for provider " + provider + ": " + describeStates(), provider);
    }
    if (candidates.isEmpty()) {
      if (earliestCooldownEnd != null) return new Acquisition(null, Duration.between(now, earliestCooldownEnd));
      if (onRelease != null) waiters.add(onRelease);
      return new Acquisition(null, null);
    }
    candidates.sort((a, b) -> Integer.compare(a.inFlight, b.inFlight));
    for (TokenState t : candidates) {
      RateLimiter<Object> l = t.limit(kind).limiter;
      if (l == null || l.tryAcquirePermit()) return new Acquisition(lease(t, now, kind), Duration.ZERO);
    }
    TokenState best = candidates.get(0);
    Duration wait = best.limit(kind).limiter.reservePermit();
    return new Acquisition(lease(best, now, kind), wait);
  }

  private Lease lease(TokenState t, Instant now, Kind kind) {
    t.inFlight++;
    t.requests++;
    t.lastUsed = now;
    return new Lease(this, t, kind);
  }

  /** The current permits per period of each token for creates: for tests and statistics. */
  public synchronized List<Double> createRates() {
    List<Double> out = new ArrayList<>();
    for (TokenState t : tokens) out.add(t.create == null ? 0 : t.create.permits);
    return out;
  }

  synchronized void release(TokenState t, Kind kind, Outcome outcome, Duration retryAfter, String reason) {
    if (t == null) return;
    t.inFlight--;
    wakeWaiters();
    switch (outcome) {
      case UNUSED:
        t.requests--;
        break;
      case OK:
        t.verified = true;
        if (t.create != null) t.limit(kind).succeeded(clock.now());
        break;
      case ERROR:
        t.errors++;
        break;
      case RATE_LIMITED: {
        t.errors++;
        t.verified = true;
        AdaptiveLimit adaptive = t.create == null ? null : t.limit(kind);
        if (adaptive != null) {
          Duration window = retryAfter == null || retryAfter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : retryAfter;
          adaptive.throttled(clock.now(), window);
        }
        // Without Retry-After, a token with a rate limit rests two permits' time: its lowered rate paces it.
        Duration cooldown = retryAfter != null ? retryAfter
            : adaptive != null && adaptive.seed > 0 ? adaptive.interval().multipliedBy(2) : DEFAULT_COOLDOWN;
        Instant until = clock.now().plus(cooldown);
        if (t.state == TokenStats.State.ACTIVE || t.state == TokenStats.State.COOLING_DOWN) {
          if (t.coolingUntil == null || until.isAfter(t.coolingUntil)) t.coolingUntil = until;
          t.state = TokenStats.State.COOLING_DOWN;
        }
        log.info("{} token {} rate limited; cooling down for {}", provider, t.masked, cooldown);
        notifyLater(() -> listener.onTokenCooledDown(provider, t.masked, cooldown));
        break;
      }
      case REJECTED: {
        t.errors++;
        if (t.state != TokenStats.State.REMOVED) {
          t.state = TokenStats.State.REMOVED;
          t.removedReason = reason;
          log.warn("{} token {} removed from the pool: {}", provider, t.masked, reason);
          notifyLater(() -> listener.onTokenRemoved(provider, t.masked, reason));
        }
        break;
      }
      default:
        break;
    }
  }

  /**
   * A provider's rate-limit headers: {@code remaining} requests of this kind are left on the token
   * until {@code resetsIn}. None left cools the token down until the reset (no 429 needed to learn
   * it); a few left slows the token's limiter to what fits in the window.
   */
  synchronized void quota(TokenState t, Kind kind, long remaining, Duration resetsIn) {
    if (resetsIn == null || resetsIn.isNegative()) return;
    Instant now = clock.now();
    if (remaining <= 0) {
      if (resetsIn.isZero()) return;
      Instant until = now.plus(resetsIn);
      if (t.state == TokenStats.State.ACTIVE || t.state == TokenStats.State.COOLING_DOWN) {
        if (t.coolingUntil == null || until.isAfter(t.coolingUntil)) {
          t.coolingUntil = until;
          t.state = TokenStats.State.COOLING_DOWN;
          log.info("{} token {} has no requests left; resting for {}", provider, t.masked, resetsIn);
          notifyLater(() -> listener.onTokenCooledDown(provider, t.masked, resetsIn));
        }
      }
      return;
    }
    AdaptiveLimit adaptive = t.create == null ? null : t.limit(kind);
    if (adaptive != null) adaptive.quota(now, remaining, resetsIn);
  }

  /** Hands every waiter back to the events executor to ask again; called under the lock. */
  private void wakeWaiters() {
    if (waiters.isEmpty()) return;
    List<Runnable> woken = new ArrayList<>(waiters);
    waiters.clear();
    for (Runnable r : woken) events.execute(r);
  }

  private void notifyLater(Runnable r) {
    events.execute(() -> {
      try {
        r.run();
      } catch (RuntimeException e) {
        log.warn("listener failed", e);
      }
    });
  }

  /** Whether a token other than this lease's can still take work (so a 401 can be retried elsewhere). */
  public synchronized boolean hasUsableToken() {
    for (TokenState t : tokens) {
      if (t.state == TokenStats.State.ACTIVE || t.state == TokenStats.State.COOLING_DOWN) return true;
    }
    return tokens.isEmpty();
  }

  /** Whether some token could take a call right now (active, not cooling down). */
  public synchronized boolean hasReadyToken() {
    Instant now = clock.now();
    for (TokenState t : tokens) {
      if (t.state == TokenStats.State.ACTIVE) return true;
      if (t.state == TokenStats.State.COOLING_DOWN && !t.coolingUntil.isAfter(now)) return true;
    }
    return false;
  }

  public synchronized List<TokenStats> stats() {
    List<TokenStats> out = new ArrayList<>();
    for (TokenState t : tokens) {
      out.add(new TokenStats(t.masked, t.state, t.requests, t.errors, t.inFlight,
          Optional.ofNullable(t.lastUsed), Optional.ofNullable(t.coolingUntil)));
    }
    return out;
  }

  public synchronized void disable(String label) {
    find(label).state = TokenStats.State.DISABLED;
  }

  public synchronized void enable(String label) {
    wakeWaiters();
    TokenState t = find(label);
    t.state = TokenStats.State.ACTIVE;
    t.verified = false;
    t.coolingUntil = null;
    t.removedReason = null;
  }

  private TokenState find(String label) {
    for (TokenState t : tokens) {
      if (t.label.equals(label) || t.masked.equals(label)) return t;
    }
    List<String> labels = new ArrayList<>();
    for (TokenState t : tokens) labels.add(t.label);
    throw new InvalidRequestException("token", "no token labelled " + label + " in the pool; labels: " + labels);
  }

  public synchronized String describe() {
    StringBuilder sb = new StringBuilder("{provider=").append(provider).append(", tokens=[");
    for (int i = 0; i < tokens.size(); i++) {
      TokenState t = tokens.get(i);
      if (i > 0) sb.append(", ");
      sb.append(t.masked).append(' ').append(t.state.name().toLowerCase(java.util.Locale.ROOT));
    }
    return sb.append("]}").toString();
  }

  private String describeStates() {
    StringBuilder sb = new StringBuilder();
    for (TokenState t : tokens) {
      if (sb.length() > 0) sb.append("; ");
      sb.append(t.masked).append(' ').append(t.state.name().toLowerCase(java.util.Locale.ROOT));
      if (t.removedReason != null) sb.append(" (").append(t.removedReason).append(')');
    }
    return sb.toString();
  }

  /** How a leased call ended. */
  public enum Outcome { OK, ERROR, RATE_LIMITED, REJECTED, UNUSED }

  /** A token lent for one call; release it exactly once. */
  public static final class Lease {
    private final TokenRegistry registry;
    private final TokenState token;
    private final Kind kind;
    private final int generation;
    private boolean released;

    Lease(TokenRegistry registry, TokenState token, Kind kind) {
      this.registry = registry;
      this.token = token;
      this.kind = kind;
      this.generation = token == null || token.limit(kind) == null ? 0 : token.limit(kind).generation;
    }

    /** Whether the token's rate changed since this lease reserved its permit: it should be asked for again. */
    public boolean stale() {
      synchronized (registry) {
        return token != null && token.limit(kind) != null && token.limit(kind).generation != generation;
      }
    }

    /** The secret, or null for an empty pool. Never log it. */
    public String secret() {
      return token == null ? null : token.secret;
    }

    public String label() {
      return token == null ? "-" : token.masked;
    }

    /** The server's own count of requests left on this token until {@code resetsIn}; see {@link TokenRegistry#quota}. */
    public void quota(long remaining, Duration resetsIn) {
      if (token != null) registry.quota(token, kind, remaining, resetsIn);
    }

    public synchronized void release(Outcome outcome, Duration retryAfter, String reason) {
      if (released) return;
      released = true;
      registry.release(token, kind, outcome, retryAfter, reason);
    }

    @Override
    public String toString() {
      return "Lease{" + label() + "}";
    }
  }

  static final class TokenState {
    final String label;
    final String secret;
    final String masked;
    TokenStats.State state = TokenStats.State.ACTIVE;
    boolean verified;
    int inFlight;
    long requests;
    long errors;
    Instant lastUsed;
    Instant coolingUntil;
    String removedReason;
    AdaptiveLimit create;
    AdaptiveLimit other;

    AdaptiveLimit limit(Kind kind) {
      return kind == Kind.CREATE ? create : other;
    }

    TokenState(String label, String secret) {
      this.label = label;
      this.secret = secret;
      this.masked = secret.length() >= 20 ? label + " (…" + secret.substring(secret.length() - 4) + ")" : label;
    }

    @Override
    public String toString() {
      return masked;
    }
  }
}
