package dev.pictor.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.spi.JobRecord;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.LeaseClaim;
import dev.pictor.spi.RecordQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the store does beyond the testkit's contract, on each dialect: several instances over one
 * database, each with its own DataSource as separate processes would have, sharing work through
 * leases; and values bound as parameters, instants kept to the nanosecond, prefixes kept apart.
 */
abstract class SharedDatabaseContract {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  /** A fresh database (or fresh tables) that the test's store instances share. */
  protected abstract Databases.Database newDatabase();

  @AfterEach
  void close() {
    Databases.closeAll();
  }

  static JobRecord.Builder record(String id, int second) {
    return JobRecord.builder().id(id).status("pending").action("create").model("m1").provider("p1")
        .createdAt(T0.plusSeconds(second));
  }

  static RecordQuery all(int limit) {
    return new RecordQuery(null, null, null, null, null, null, null, null, null, null, null, 0, limit);
  }

  static LeaseClaim claim(String owner, Instant now, Duration lease) {
    return new LeaseClaim(owner, now, now.plus(lease), null);
  }

  @Test
  void twoStoresWithFourThreadsEachClaimEveryRecordOnce() throws Exception {
    int records = 1000;
    Instances shared = twoInstances(records);
    JdbcJobStore a = shared.a();
    JdbcJobStore b = shared.b();

    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<String>>> claimed = new ArrayList<>();
    try {
      for (int t = 0; t < 8; t++) {
        JdbcJobStore store = t % 2 == 0 ? a : b;
        String owner = t % 2 == 0 ? "instance-a" : "instance-b";
        claimed.add(pool.submit(() -> {
          start.await();
          List<String> mine = new ArrayList<>();
          while (true) {
            List<JobRecord> got = store.claim(all(10), claim(owner, T0, Duration.ofMinutes(5)));
            got.forEach(r -> mine.add(r.id()));
            if (got.isEmpty() && store.query(all(records)).stream().allMatch(r -> r.leaseOwner().isPresent())) return mine;
          }
        }));
      }
      start.countDown();
      List<String> everyClaim = new ArrayList<>();
      for (Future<List<String>> f : claimed) everyClaim.addAll(f.get(2, TimeUnit.MINUTES));

      assertThat(everyClaim).doesNotHaveDuplicates().hasSize(records);
    } finally {
      pool.shutdownNow();
    }
    List<JobRecord> stored = a.query(all(records));
    assertThat(stored).allSatisfy(r -> assertThat(r.version()).isEqualTo(1));
    assertThat(stored).allSatisfy(r -> assertThat(r.leaseOwner().orElseThrow()).isIn("instance-a", "instance-b"));
  }

  @Test
  void expiredLeasesAreTakenOverByTheOtherStore() {
    Instances shared = twoInstances(20);
    JdbcJobStore a = shared.a();
    JdbcJobStore b = shared.b();
    List<JobRecord> held = a.claim(all(100), claim("instance-a", T0, Duration.ofSeconds(30)));
    assertThat(held).hasSize(20);

    assertThat(b.claim(all(100), claim("instance-b", T0.plusSeconds(29), Duration.ofSeconds(30)))).isEmpty();
    List<JobRecord> taken = b.claim(all(100), claim("instance-b", T0.plusSeconds(30), Duration.ofSeconds(30)));

    assertThat(taken).extracting(JobRecord::id).containsExactlyElementsOf(ids(held));
    assertThat(a.query(all(100))).allSatisfy(r -> {
      assertThat(r.leaseOwner()).contains("instance-b");
      assertThat(r.version()).isEqualTo(2);
    });
    JobRecord stale = held.get(0);
    assertThat(a.update(stale.toBuilder().status("succeeded").build(), stale.version())).isFalse();
  }

  @Test
  void renewedLeasesAreNotTakenOver() {
    Instances shared = twoInstances(20);
    JdbcJobStore a = shared.a();
    JdbcJobStore b = shared.b();
    assertThat(a.claim(all(100), claim("instance-a", T0, Duration.ofSeconds(30)))).hasSize(20);

    assertThat(a.renewLeases("instance-a", T0.plusSeconds(90))).isEqualTo(20);

    assertThat(b.claim(all(100), claim("instance-b", T0.plusSeconds(60), Duration.ofSeconds(30)))).isEmpty();
    assertThat(a.query(all(100))).allSatisfy(r -> {
      assertThat(r.leaseOwner()).contains("instance-a");
      assertThat(r.leaseExpiresAt()).contains(T0.plusSeconds(90));
      assertThat(r.version()).isEqualTo(1);
    });
    assertThat(b.claim(all(100), claim("instance-b", T0.plusSeconds(90), Duration.ofSeconds(30)))).hasSize(20);
  }

  @Test
  void aClaimSkipsWhatAnotherTransactionHoldsWithoutWaiting() throws Exception {
    Databases.Database db = newDatabase();
    JdbcJobStore store = db.newStore();
    store.insert(record("older", 1).build());
    store.insert(record("newer", 2).build());
    try (Connection other = db.dataSource().getConnection()) {
      other.setAutoCommit(false);
      try (PreparedStatement ps = other.prepareStatement(
          "SELECT id FROM " + db.prefix() + "records WHERE id = ? FOR UPDATE")) {
        ps.setString(1, "newer");
        ps.executeQuery().close();
      }
      // Run elsewhere so that a claim that waited for the lock would fail the test instead of hanging it.
      CompletableFuture<List<JobRecord>> claimed = CompletableFuture.supplyAsync(
          () -> store.claim(all(10), claim("instance-a", T0, Duration.ofSeconds(30))));
      assertThat(claimed.get(1, TimeUnit.MINUTES)).extracting(JobRecord::id).containsExactly("older");
      other.rollback();
    }
    assertThat(store.claim(all(10), claim("instance-a", T0, Duration.ofSeconds(30))))
        .extracting(JobRecord::id).containsExactly("newer");
  }

  @Test
  void valuesAreBoundNeverSpliced() {
    JdbcJobStore store = newDatabase().newStore();
    store.insert(record("o'brien", 1).owner("ann").tags(Set.of("red")).build());
    store.insert(record("other", 2).owner("bob").build());

    assertThat(store.find("o'brien")).isPresent();
    assertThat(query(store, q -> q.owner = "x' OR '1'='1")).isEmpty();
    assertThat(query(store, q -> q.tag = "red' OR '1'='1")).isEmpty();
    assertThat(query(store, q -> q.models = Set.of("m1') OR ('1'='1"))).isEmpty();
    assertThat(query(store, q -> q.owner = "ann")).containsExactly("o'brien");
  }

  @Test
  void instantsRoundTripToTheNanosecond() {
    JdbcJobStore store = newDatabase().newStore();
    Instant created = T0.plusNanos(123_456_789);
    JobRecord r = record("a", 0).createdAt(created).updatedAt(Instant.parse("1969-12-31T23:59:59.999999999Z"))
        .lease("instance-a", Instant.parse("2262-04-11T23:47:16.854775807Z")).build();
    store.insert(r);

    assertThat(store.find("a")).contains(r);
    assertThat(query(store, q -> q.from = created)).containsExactly("a");
    assertThat(query(store, q -> q.from = created.plusNanos(1))).isEmpty();
    assertThat(query(store, q -> q.to = created.plusNanos(1))).containsExactly("a");
    assertThat(query(store, q -> q.to = created)).isEmpty();
    assertThat(query(store, q -> q.from = Instant.MIN)).containsExactly("a");
    assertThat(query(store, q -> q.to = Instant.MAX)).containsExactly("a");
    assertThat(query(store, q -> q.from = Instant.MAX)).isEmpty();
  }

  @Test
  void tablePrefixesKeepStoresApart() {
    Databases.Database db = newDatabase();
    JdbcJobStore first = db.newStore();
    JdbcJobStore second = JdbcJobStore.builder(db.dataSource()).tablePrefix(db.prefix() + "b_").build();
    first.insert(record("a", 1).build());
    second.insert(record("a", 1).status("running").build());

    assertThat(first.find("a").orElseThrow().status()).isEqualTo("pending");
    assertThat(second.find("a").orElseThrow().status()).isEqualTo("running");
    assertThat(second.toString()).endsWith("tables " + db.prefix() + "b_*}");
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Two instances with a DataSource each, as two processes would have. */
  record Instances(JdbcJobStore a, JdbcJobStore b) {}

  /** Two instances over a fresh database that holds {@code records} pending records. */
  private Instances twoInstances(int records) {
    Databases.Database db = newDatabase();
    Instances shared = new Instances(db.newStore(), db.newStore());
    for (int i = 0; i < records; i++) shared.a().insert(record(String.format("r%04d", i), i % 97).build());
    return shared;
  }

  private static List<String> ids(List<JobRecord> records) {
    return records.stream().map(JobRecord::id).collect(Collectors.toList());
  }

  /** Mutable query fields, for one-line queries. */
  static final class Q {
    Set<String> models;
    String owner;
    String tag;
    Instant from;
    Instant to;
  }

  static List<String> query(JobStore store, Consumer<Q> filters) {
    Q q = new Q();
    filters.accept(q);
    return ids(store.query(new RecordQuery(null, null, null, q.models, null, null, null, q.owner, q.tag, q.from, q.to,
        0, 100)));
  }
}
