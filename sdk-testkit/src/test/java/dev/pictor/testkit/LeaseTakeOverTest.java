package dev.pictor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.Job;
import dev.pictor.JobStatus;
import dev.pictor.OutputSink;
import dev.pictor.spi.JobRecord;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.ProviderJob;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several client instances over one store: a live instance's jobs are left alone, a dead one's are
 * taken over once its leases expire (at once when it closed, or when its process on this machine is
 * gone), nothing is sent twice, and an instance that lost a job learns its outcome from the store.
 *
 * <p>An instance "dies" by having its clock stopped: it neither renews its leases nor polls.
 */
class LeaseTakeOverTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;
  private final JobStore store = JobStore.inMemory();
  private final ManualClock clockA = new ManualClock(START);
  private final ManualClock clockB = new ManualClock(START);
  private final List<GenerationClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    clients.forEach(GenerationClient::close);
  }

  private GenerationClient client(FakeProvider fake, ManualClock clock, Duration takeOverEvery) {
    GenerationClient.Builder b = GenerationClient.builder().provider(fake).scheduler(clock).jobStore(store)
        .polling(Duration.ofSeconds(1), Duration.ofSeconds(4)).shutdownTimeout(Duration.ZERO)
        .outputs(OutputSink.files(dir));
    if (takeOverEvery != null) b.takeOverEvery(takeOverEvery);
    GenerationClient c = b.build();
    clients.add(c);
    return c;
  }

  private static GenerationRequest request(String prompt) {
    return GenerationRequest.create(FakeProvider.MODEL).prompt(prompt).build();
  }

  /** Submits {@code n} jobs on {@code a} and waits until the provider has them all. */
  private List<String> submitted(GenerationClient a, FakeProvider fake, int n) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) ids.add(a.submit(request("job " + i)).id());
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (ids.stream().anyMatch(id -> store.find(id).orElseThrow().externalId().isEmpty())) {
      if (System.nanoTime() > until) throw new AssertionError("jobs were not submitted: " + fake);
      Thread.sleep(5);
    }
    return ids;
  }

  private void finishAtProvider(GenerationClient via, String jobId) {
    String pid = store.find(jobId).orElseThrow().externalId().orElseThrow();
    via.handleUpdate(FakeProvider.ID, ProviderJob.succeeded(pid, List.of()));
  }

  @Test
  void aDeadInstancesJobsAreTakenOverOnlyOnceItsLeasesExpire() throws Exception {
    FakeProvider fake = FakeProvider.builder().pollsBeforeDone(1000).build();
    GenerationClient a = client(fake, clockA, null);
    List<String> ids = submitted(a, fake, 3);
    CompletableFuture<GenerationResult> seenByA = a.awaitAsync(ids.get(0));
    GenerationClient b = client(fake, clockB, null);

    assertThat(b.resume()).as("A's leases are live for 30 s").isEmpty();
    clockB.advance(Duration.ofSeconds(29));
    assertThat(b.resume()).isEmpty();

    clockB.advance(Duration.ofSeconds(2));
    assertThat(b.resume()).extracting(Job::id).containsExactlyInAnyOrderElementsOf(ids);
    for (String id : ids) {
      assertThat(store.find(id).orElseThrow().leaseOwner()).isPresent().isNotEqualTo(store.find(id).orElseThrow().owner());
      finishAtProvider(b, id);
      assertThat(b.await(id).job().status()).isEqualTo(JobStatus.SUCCEEDED);
    }
    assertThat(fake.submitCalls()).as("taken over, never sent again").isEqualTo(3);
    assertThat(fake.duplicateCharges()).isEmpty();

    // A wakes up and hears the job ended: its write loses, and its caller gets the stored outcome.
    finishAtProvider(a, ids.get(0));
    assertThat(seenByA.get(5, TimeUnit.SECONDS).job().status()).isEqualTo(JobStatus.SUCCEEDED);
  }

  @Test
  void aClosedInstanceLetsItsLeasesGoAtOnce() throws Exception {
    FakeProvider fake = FakeProvider.builder().pollsBeforeDone(1000).build();
    GenerationClient a = client(fake, clockA, null);
    List<String> ids = submitted(a, fake, 2);
    a.close();
    for (String id : ids) assertThat(store.find(id).orElseThrow().leaseExpiresAt()).contains(START);

    GenerationClient b = client(fake, clockB, null);
    assertThat(b.resume()).extracting(Job::id).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(fake.submitCalls()).isEqualTo(2);
  }

  @Test
  void aGoneProcessOnThisMachineIsTakenOverWithoutWaiting() throws Exception {
    FakeProvider fake = FakeProvider.builder().pollsBeforeDone(1000).build();
    GenerationClient a = client(fake, clockA, null);
    String id = submitted(a, fake, 1).get(0);
    a.close();
    // Make the record look held, for another 30 s, by a process of this machine that has exited.
    Process p = new ProcessBuilder("java", "-version").redirectErrorStream(true).start();
    long pid = p.pid();
    long started = p.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    JobRecord r = store.find(id).orElseThrow();
    String host = a.toString().isEmpty() ? "" : r.leaseOwner().map(o -> o.substring(0, o.indexOf('/'))).orElseThrow();
    String goneOwner = host + "/" + pid + "/" + started + "/gone0000";
    assertThat(store.update(r.toBuilder().lease(goneOwner, START.plusSeconds(30)).build(), r.version())).isTrue();
    String liveOwner = host + "/" + ProcessHandle.current().pid() + "/"
        + ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(0L) + "/live0000";
    String other = submittedRecordHeldBy(liveOwner);

    GenerationClient b = client(fake, clockB, null);
    assertThat(b.resume()).extracting(Job::id).containsExactly(id);
    assertThat(store.find(other).orElseThrow().leaseOwner()).contains(liveOwner);
  }

  /** A stored, submitted job held by {@code owner} for 30 s, copied from an existing record. */
  private String submittedRecordHeldBy(String owner) {
    JobRecord any = store.query(dev.pictor.spi.RecordQuery.of(JobRecord.KIND_JOB, java.util.Set.of(), 1)).get(0);
    String id = any.id() + "-held";
    store.insert(any.toBuilder().id(id).version(0).externalId("held-elsewhere").lease(owner, START.plusSeconds(30)).build());
    return id;
  }

  @Test
  void takeOverEveryFinishesADeadInstancesWorkWithoutBeingAsked() throws Exception {
    FakeProvider fake = FakeProvider.builder().pollsBeforeDone(2).build();
    GenerationClient a = client(fake, clockA, null);
    List<String> ids = submitted(a, fake, 4);
    GenerationClient b = client(fake, clockB, Duration.ofSeconds(5));

    for (int s = 0; s < 60 && !allSucceeded(ids); s++) {
      clockB.advance(Duration.ofSeconds(1));
      Thread.sleep(5);
    }
    assertThat(allSucceeded(ids)).as("B took A's jobs over and polled them to the end").isTrue();
    assertThat(fake.submitCalls()).isEqualTo(4);
    assertThat(b.jobs(dev.pictor.JobQuery.all())).hasSize(4);
  }

  private boolean allSucceeded(List<String> ids) {
    return ids.stream().allMatch(id -> store.find(id).orElseThrow().status().equals("succeeded"));
  }

  @Test
  void aWebhookForAJobAnotherLiveInstanceFollowsAppliesOnlyItsEnd() throws Exception {
    FakeProvider fake = FakeProvider.builder().pollsBeforeDone(3).build();
    GenerationClient a = client(fake, clockA, null);
    String id = submitted(a, fake, 1).get(0);
    CompletableFuture<GenerationResult> seenByA = a.awaitAsync(id);
    String pid = store.find(id).orElseThrow().externalId().orElseThrow();
    GenerationClient b = client(fake, clockB, null);
    long version = store.find(id).orElseThrow().version();

    b.handleUpdate(FakeProvider.ID, ProviderJob.builder(pid, JobStatus.RUNNING).build());
    assertThat(store.find(id).orElseThrow().version()).as("A polls; B leaves a progress update alone").isEqualTo(version);

    assertThat(b.handleUpdate(FakeProvider.ID, ProviderJob.succeeded(pid, List.of()))).isTrue();
    assertThat(b.await(id).job().status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(store.find(id).orElseThrow().leaseOwner()).isEmpty();

    // A polls on, sees the end at the provider, loses the write, and reports the stored outcome.
    for (int i = 0; i < 3; i++) fake.advance(pid);
    for (int s = 0; s < 30 && !seenByA.isDone(); s++) {
      clockA.advance(Duration.ofSeconds(1));
      Thread.sleep(5);
    }
    assertThat(seenByA.get(5, TimeUnit.SECONDS).job().status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(fake.submitCalls()).isEqualTo(1);
  }
}
