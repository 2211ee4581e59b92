package dev.pictor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.spi.JobRecord;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.LeaseClaim;
import dev.pictor.spi.RecordQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link JobStore} must have. Extend it in your store's tests and return a fresh,
 * empty store from {@link #newStore()}:
 *
 * <pre>{@code
 * class MyStoreTest extends JobStoreContract {
 *   @Override protected JobStore newStore() { return new MyStore(freshDatabase()); }
 * }
 * }</pre>
 *
 * It covers insert and find, duplicate ids, compare-and-set updates and conflicts, every query filter,
 * paging order, deletion, a payload round trip, and concurrent updates from many threads.
 */
public abstract class JobStoreContract {
  /** Timestamps truncated to milliseconds, so stores with millisecond precision pass. */
  protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  protected JobStore store;

  /** A new, empty store. */
  protected abstract JobStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  protected static JobRecord.Builder record(String id, int minute) {
    return JobRecord.builder().id(id).kind(JobRecord.KIND_JOB).status("pending").action("create").model("m1")
        .provider("p1").createdAt(T0.plus(Duration.ofMinutes(minute))).payload(1, "{\"id\":\"" + id + "\"}");
  }

  @Test
  void insertThenFindReturnsEveryField() {
    JobRecord r = record("a", 0).parentId("batch-1").externalId("ext-1").owner("ann").tags(Set.of("x", "y"))
        .updatedAt(T0.plusSeconds(5)).lease("instance-1", T0.plusSeconds(30)).payload(3, "{\"k\":[1,2]}").build();
    store.insert(r);
    JobRecord found = store.find("a").orElseThrow();
    assertThat(found).isEqualTo(r);
    assertThat(found.version()).isZero();
    assertThat(store.find("missing")).isEmpty();
  }

  @Test
  void insertingAnExistingIdFails() {
    store.insert(record("a", 0).build());
    assertThatThrownBy(() -> store.insert(record("a", 1).build())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void updateIsCompareAndSet() {
    store.insert(record("a", 0).build());
    assertThat(store.update(record("a", 0).status("running").build(), 0)).isTrue();
    JobRecord v1 = store.find("a").orElseThrow();
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v1.status()).isEqualTo("running");
    // A writer that still believes version 0 loses, and changes nothing.
    assertThat(store.update(record("a", 0).status("failed").build(), 0)).isFalse();
    assertThat(store.find("a").orElseThrow().status()).isEqualTo("running");
    assertThat(store.update(record("a", 0).status("succeeded").build(), 1)).isTrue();
    assertThat(store.find("a").orElseThrow().version()).isEqualTo(2);
    assertThat(store.update(record("missing", 0).build(), 0)).isFalse();
  }

  @Test
  void payloadRoundTripsExactly() {
    String payload = "{\"prompt\":\"Календар на 2027 рік — «зима» \\\"quoted\\\" \\n\",\"big\":\"" + "x".repeat(100_000) + "\"}";
    store.insert(record("a", 0).payload(7, payload).build());
    JobRecord r = store.find("a").orElseThrow();
    assertThat(r.payload()).isEqualTo(payload);
    assertThat(r.payloadVersion()).isEqualTo(7);
  }

  @Test
  void queryFiltersOnEveryIndexedField() {
    store.insert(record("j1", 1).status("succeeded").action("create").model("m1").provider("p1").owner("ann").tags(Set.of("red")).build());
    store.insert(record("j2", 2).status("failed").action("edit").model("m2").provider("p2").owner("bob").parentId("b1").build());
    store.insert(record("j3", 3).status("running").action("upscale").model("m1").provider("p1").externalId("ext-3").parentId("b1").build());
    store.insert(record("b1", 4).kind(JobRecord.KIND_BATCH).status("running").action(null).model(null).provider(null).build());

    assertThat(ids(q().kinds(JobRecord.KIND_JOB))).containsExactly("j3", "j2", "j1");
    assertThat(ids(q().kinds(JobRecord.KIND_BATCH))).containsExactly("b1");
    assertThat(ids(q().statuses("succeeded", "failed"))).containsExactly("j2", "j1");
    assertThat(ids(q().actions("edit"))).containsExactly("j2");
    assertThat(ids(q().models("m1"))).containsExactly("j3", "j1");
    assertThat(ids(q().providers("p2"))).containsExactly("j2");
    assertThat(ids(q().parent("b1"))).containsExactly("j3", "j2");
    assertThat(ids(q().external("ext-3"))).containsExactly("j3");
    assertThat(ids(q().owner("ann"))).containsExactly("j1");
    assertThat(ids(q().tag("red"))).containsExactly("j1");
    assertThat(ids(q().from(T0.plus(Duration.ofMinutes(2))))).containsExactly("b1", "j3", "j2");
    assertThat(ids(q().to(T0.plus(Duration.ofMinutes(2))))).containsExactly("j1");
    assertThat(ids(q().kinds(JobRecord.KIND_JOB).models("m1").statuses("running"))).containsExactly("j3");
    assertThat(ids(q().owner("nobody"))).isEmpty();
  }

  @Test
  void pagesAreNewestFirstAndStable() {
    for (int i = 0; i < 25; i++) store.insert(record(String.format("j%02d", i), i).build());
    // Two records with the same creation time are ordered by id, descending.
    store.insert(record("same-a", 30).build());
    store.insert(record("same-b", 30).build());
    List<String> all = new ArrayList<>();
    for (int offset = 0; offset < 40; offset += 10) all.addAll(ids(q().page(offset, 10)));
    assertThat(all).hasSize(27);
    assertThat(all.subList(0, 4)).containsExactly("same-b", "same-a", "j24", "j23");
    assertThat(all.get(26)).isEqualTo("j00");
    assertThat(ids(q().page(25, 10))).containsExactly("j01", "j00");
  }

  @Test
  void deleteRemovesTheRecord() {
    store.insert(record("a", 0).build());
    assertThat(store.delete("a")).isTrue();
    assertThat(store.find("a")).isEmpty();
    assertThat(store.delete("a")).isFalse();
    assertThat(ids(q())).isEmpty();
  }

  @Test
  void concurrentCompareAndSetLosesNoUpdate() throws Exception {
    store.insert(record("counter", 0).payload(1, "0").build());
    int threads = 8;
    int incrementsEach = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger conflicts = new AtomicInteger();
    try {
      for (int t = 0; t < threads; t++) {
        pool.execute(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          for (int i = 0; i < incrementsEach; i++) {
            while (true) {
              JobRecord cur = store.find("counter").orElseThrow();
              int n = Integer.parseInt(cur.payload());
              if (store.update(cur.toBuilder().payload(1, Integer.toString(n + 1)).build(), cur.version())) break;
              conflicts.incrementAndGet();
            }
          }
        });
      }
      start.countDown();
      pool.shutdown();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }
    JobRecord end = store.find("counter").orElseThrow();
    assertThat(end.payload()).isEqualTo(Integer.toString(threads * incrementsEach));
    assertThat(end.version()).isEqualTo(threads * incrementsEach);
  }

  // ---- leases ------------------------------------------------------------------------------

  @Test
  void claimTakesFreeExpiredAndGoneLeasesOnly() {
    Instant now = T0.plus(Duration.ofHours(1));
    store.insert(record("free", 0).build());
    store.insert(record("expired", 1).lease("b", now.minusSeconds(1)).build());
    store.insert(record("own", 2).lease("a", now.plusSeconds(5)).build());
    store.insert(record("gone", 3).lease("c", now.plusSeconds(60)).build());
    store.insert(record("held", 4).lease("b", now.plusSeconds(60)).build());
    store.insert(record("forever", 5).lease("b", null).build());
    Instant until = now.plusSeconds(30);

    List<JobRecord> taken = store.claim(q().page(0, 100).build(), new LeaseClaim("a", now, until, Set.of("c")));

    assertThat(taken).extracting(JobRecord::id).containsExactly("gone", "expired", "free");
    for (JobRecord r : taken) {
      JobRecord stored = store.find(r.id()).orElseThrow();
      assertThat(stored).isEqualTo(r);
      assertThat(stored.leaseOwner()).contains("a");
      assertThat(stored.leaseExpiresAt()).contains(until);
      assertThat(stored.version()).isEqualTo(1);
    }
    assertThat(store.find("held").orElseThrow().leaseOwner()).contains("b");
    assertThat(store.find("held").orElseThrow().version()).isZero();
    assertThat(store.find("own").orElseThrow().version()).isZero();
    assertThat(store.find("forever").orElseThrow().leaseOwner()).contains("b");
  }

  @Test
  void claimFollowsTheQueryAndItsLimitNewestFirst() {
    Instant now = T0.plus(Duration.ofHours(1));
    for (int i = 0; i < 6; i++) store.insert(record("q" + i, i).status(i % 2 == 0 ? "pending" : "succeeded").build());

    List<JobRecord> taken = store.claim(q().statuses("pending").page(0, 2).build(),
        new LeaseClaim("a", now, now.plusSeconds(30), null));

    assertThat(taken).extracting(JobRecord::id).containsExactly("q4", "q2");
    assertThat(store.find("q0").orElseThrow().leaseOwner()).isEmpty();
    assertThat(store.find("q5").orElseThrow().leaseOwner()).isEmpty();
  }

  @Test
  void aClaimedRecordFailsThePreviousHoldersCompareAndSet() {
    Instant now = T0.plus(Duration.ofHours(1));
    store.insert(record("job", 0).lease("old", now.minusSeconds(1)).build());
    JobRecord seenByOld = store.find("job").orElseThrow();

    assertThat(store.claim(q().page(0, 10).build(), new LeaseClaim("new", now, now.plusSeconds(30), null))).hasSize(1);

    assertThat(store.update(seenByOld.toBuilder().status("succeeded").build(), seenByOld.version())).isFalse();
    assertThat(store.find("job").orElseThrow().status()).isEqualTo("pending");
  }

  @Test
  void concurrentClaimsNeverTakeARecordTwice() throws Exception {
    Instant now = T0.plus(Duration.ofHours(1));
    int records = 200;
    for (int i = 0; i < records; i++) store.insert(record("r" + i, i % 60).build());
    int threads = 6;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<List<String>> byClaimant = new ArrayList<>();
    try {
      List<java.util.concurrent.Future<List<String>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String owner = "owner-" + t;
        futures.add(pool.submit(() -> {
          start.await();
          List<String> mine = new ArrayList<>();
          while (true) {
            List<JobRecord> got = store.claim(q().page(0, 7).build(), new LeaseClaim(owner, now, now.plusSeconds(30), null));
            got.forEach(r -> mine.add(r.id()));
            if (got.isEmpty()) {
              // Nothing free that this claimant saw; stop once every record is leased.
              boolean anyFree = store.query(q().page(0, records).build()).stream().anyMatch(r -> r.leaseOwner().isEmpty());
              if (!anyFree) return mine;
            }
          }
        }));
      }
      start.countDown();
      for (var f : futures) byClaimant.add(f.get(60, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
    List<String> all = byClaimant.stream().flatMap(List::stream).collect(Collectors.toList());
    assertThat(all).doesNotHaveDuplicates().hasSize(records);
    for (int t = 0; t < threads; t++) {
      for (String id : byClaimant.get(t)) assertThat(store.find(id).orElseThrow().leaseOwner()).contains("owner-" + t);
    }
  }

  @Test
  void renewMovesOnlyThatOwnersLeasesAndKeepsVersions() {
    Instant now = T0.plus(Duration.ofHours(1));
    store.insert(record("mine", 0).lease("a", now.plusSeconds(10)).build());
    store.insert(record("theirs", 1).lease("b", now.plusSeconds(10)).build());
    store.insert(record("nobody", 2).build());

    int moved = store.renewLeases("a", now.plusSeconds(40));
    org.junit.jupiter.api.Assumptions.assumeTrue(moved >= 0, "this store keeps no lease expiries");

    assertThat(moved).isEqualTo(1);
    JobRecord mine = store.find("mine").orElseThrow();
    assertThat(mine.leaseOwner()).contains("a");
    assertThat(mine.leaseExpiresAt()).contains(now.plusSeconds(40));
    assertThat(mine.version()).isZero();
    assertThat(mine.payload()).isEqualTo("{\"id\":\"mine\"}");
    assertThat(store.find("theirs").orElseThrow().leaseExpiresAt()).contains(now.plusSeconds(10));
    assertThat(store.find("nobody").orElseThrow().leaseOwner()).isEmpty();

    // Letting go: an expiry in the past makes the leases free for anyone.
    store.renewLeases("a", now.minusSeconds(1));
    assertThat(store.claim(q().page(0, 10).build(), new LeaseClaim("b", now, now.plusSeconds(30), null)))
        .extracting(JobRecord::id).containsExactly("nobody", "mine");
  }

  // ---- a small query builder for readability ---------------------------------------------

  private List<String> ids(Q q) {
    return store.query(q.build()).stream().map(JobRecord::id).collect(Collectors.toList());
  }

  private static Q q() {
    return new Q();
  }

  private static final class Q {
    Set<String> kinds = Set.of();
    Set<String> statuses = Set.of();
    Set<String> actions = Set.of();
    Set<String> models = Set.of();
    Set<String> providers = Set.of();
    String parent;
    String external;
    String owner;
    String tag;
    Instant from;
    Instant to;
    int offset;
    int limit = 100;

    Q kinds(String... v) { kinds = Set.of(v); return this; }
    Q statuses(String... v) { statuses = Set.of(v); return this; }
    Q actions(String... v) { actions = Set.of(v); return this; }
    Q models(String... v) { models = Set.of(v); return this; }
    Q providers(String... v) { providers = Set.of(v); return this; }
    Q parent(String v) { parent = v; return this; }
    Q external(String v) { external = v; return this; }
    Q owner(String v) { owner = v; return this; }
    Q tag(String v) { tag = v; return this; }
    Q from(Instant v) { from = v; return this; }
    Q to(Instant v) { to = v; return this; }
    Q page(int o, int l) { offset = o; limit = l; return this; }

    RecordQuery build() {
      return new RecordQuery(kinds, statuses, actions, models, providers, parent, external, owner, tag, from, to, offset, limit);
    }
  }
}
