package dev.pictor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.Action;
import dev.pictor.GenerationClient;
import dev.pictor.GenerationListener;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.GenerationTimeoutException;
import dev.pictor.ImageInput;
import dev.pictor.Job;
import dev.pictor.JobCanceledException;
import dev.pictor.JobFailedException;
import dev.pictor.JobQuery;
import dev.pictor.JobStats;
import dev.pictor.JobStatus;
import dev.pictor.Money;
import dev.pictor.OutputSink;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.ProviderJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobLifecycleTest {
  @TempDir Path dir;
  private final ManualClock clock = new ManualClock();

  private GenerationClient.Builder builder(FakeProvider fake) {
    return GenerationClient.builder().provider(fake).scheduler(clock).polling(Duration.ofSeconds(1), Duration.ofSeconds(4))
        .outputs(OutputSink.files(dir, "{owner}/{job}-{n}.{ext}"));
  }

  private static GenerationRequest.Builder create(String prompt) {
    return GenerationRequest.create(FakeProvider.MODEL).prompt(prompt);
  }

  @Test
  void aJobIsStoredPendingBeforeAnythingIsSent() {
    FakeProvider fake = FakeProvider.builder().latency(Duration.ofSeconds(1)).build();
    JobStore store = JobStore.inMemory();
    try (GenerationClient client = builder(fake).jobStore(store).instanceId("node-a").shutdownTimeout(Duration.ZERO).build()) {
      Job job = client.submit(create("p").build());
      assertThat(job.status()).isEqualTo(JobStatus.PENDING);
      assertThat(job.id()).startsWith("job_");
      assertThat(store.find(job.id()).orElseThrow().leaseOwner()).contains("node-a");
      assertThat(job.estimatedCost()).contains(Money.usd("0.001"));
    }
  }

  @Test
  void eventsArriveInOrderAndTheJobRecordsItsTimings() throws Exception {
    FakeProvider fake = FakeProvider.builder().pollsBeforeDone(2).latency(Duration.ofMillis(100)).build();
    List<String> events = new CopyOnWriteArrayList<>();
    GenerationListener recorder = new GenerationListener() {
      @Override public void onSubmitted(Job job) { events.add("submitted " + job.status().wireName()); }
      @Override public void onStarted(Job job) { events.add("started"); }
      @Override public void onProgress(Job job, double f) { events.add("progress " + f); }
      @Override public void onSucceeded(Job job) { events.add("succeeded"); }
    };
    try (GenerationClient client = builder(fake).listener(recorder).callbackExecutor(Runnable::run).build()) {
      GenerationResult r = Drive.until(clock, client.generateAsync(create("p").numOutputs(2).build()), Duration.ofMillis(500)).get();
      Job job = r.job();
      assertThat(r.images()).hasSize(2);
      assertThat(job.submittedAt()).isPresent();
      assertThat(job.startedAt()).isPresent();
      assertThat(job.completedAt()).isPresent();
      assertThat(job.processingDuration()).isPresent();
      assertThat(job.actualCost()).contains(Money.usd("0.002"));
    }
    assertThat(events).containsExactly("submitted submitted", "started", "progress 0.5", "succeeded");
  }

  @Test
  void aFailedJobThrowsJobFailedExceptionWithTheProvidersMessage() {
    FakeProvider fake = FakeProvider.create().failNextJobs(1);
    try (GenerationClient client = builder(fake).build()) {
      assertThatThrownBy(() -> client.generate(create("p").build()))
          .isInstanceOf(JobFailedException.class)
          .hasMessageEndingWith("ended failed: the fake model failed as scripted")
          .satisfies(e -> assertThat(((JobFailedException) e).job().error().orElseThrow().code()).isEqualTo("model_error"));
    }
  }

  @Test
  void cancellingTheFutureCancelsTheJobAtTheProvider() throws Exception {
    FakeProvider fake = FakeProvider.builder().pollsBeforeDone(10).build();
    try (GenerationClient client = builder(fake).build()) {
      CompletableFuture<GenerationResult> f = client.generateAsync(create("p").build());
      clock.awaitPending(1, Duration.ofSeconds(5));
      String id = client.jobs(JobQuery.all()).get(0).id();
      assertThat(client.job(id).orElseThrow().status()).isEqualTo(JobStatus.SUBMITTED);
      f.cancel(true);
      waitFor(() -> client.job(id).orElseThrow().status() == JobStatus.CANCELED);
      Job job = client.job(id).orElseThrow();
      assertThat(fake.wasCanceled(job.providerJobId().orElseThrow())).isTrue();
      assertThatThrownBy(() -> client.await(id)).isInstanceOf(JobCanceledException.class);
      // A terminal job no longer names an owner in the store.
      assertThat(client.cancelAsync(id).get(5, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.CANCELED);
    }
  }

  @Test
  void cancelAsyncEndsAPolledJob() throws Exception {
    JobStore store = JobStore.inMemory();
    FakeProvider fake = FakeProvider.builder().pollsBeforeDone(10).build();
    try (GenerationClient client = builder(fake).jobStore(store).build()) {
      Job job = client.submit(create("p").build());
      clock.awaitPending(1, Duration.ofSeconds(5));
      Job canceled = client.cancelAsync(job.id()).get(5, TimeUnit.SECONDS);
      assertThat(canceled.status()).isEqualTo(JobStatus.CANCELED);
      assertThat(canceled.error().orElseThrow().message()).isEqualTo("cancelled by the caller");
      assertThat(store.find(job.id()).orElseThrow().leaseOwner()).isEmpty();
      assertThat(fake.cancelCalls()).isEqualTo(1);
    }
  }

  @Test
  void aPassedDeadlineCancelsAtTheProviderAndEndsExpired() throws Exception {
    FakeProvider fake = FakeProvider.builder().pollsBeforeDone(100).build();
    try (GenerationClient client = builder(fake).build()) {
      CompletableFuture<GenerationResult> f = client.generateAsync(create("p").timeout(Duration.ofSeconds(10)).build());
      Drive.until(clock, f, Duration.ofSeconds(2));
      assertThatThrownBy(f::get).cause().isInstanceOf(GenerationTimeoutException.class);
      Job job = client.jobs(JobQuery.all()).get(0);
      assertThat(job.status()).isEqualTo(JobStatus.EXPIRED);
      assertThat(fake.wasCanceled(job.providerJobId().orElseThrow())).isTrue();
      assertThat(job.completedAt().orElseThrow()).isBeforeOrEqualTo(Instant.parse("2026-01-01T00:00:10Z"));
    }
  }

  @Test
  void webhookUpdatesReplacePolling() throws Exception {
    FakeProvider fake = FakeProvider.builder().pollsBeforeDone(1000).build();
    try (GenerationClient client = builder(fake).build()) {
      CompletableFuture<GenerationResult> f = client.generateAsync(create("p").build());
      clock.awaitPending(1, Duration.ofSeconds(5));
      Job job = client.jobs(JobQuery.all()).get(0);
      String pid = job.providerJobId().orElseThrow();
      assertThat(client.handleUpdate("sandbox", ProviderJob.builder(pid, JobStatus.FAILED).error("nsfw", "flagged").build())).isTrue();
      assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(JobFailedException.class).hasMessageEndingWith("flagged");
      assertThat(client.handleUpdate("sandbox", ProviderJob.submitted("unknown-id"))).isFalse();
    }
  }

  @Test
  void resumeReattachesToEveryKindOfInterruptedJob() throws Exception {
    JobStore store = JobStore.inMemory();
    FakeProvider fake = FakeProvider.builder().pollsBeforeDone(1000).build();
    String running;
    try (GenerationClient first = builder(fake).jobStore(store).shutdownTimeout(Duration.ZERO).build()) {
      running = first.submit(create("survives a restart").build()).id();
      clock.awaitPending(1, Duration.ofSeconds(5));
    }
    // The "previous process" stopped: the job is stored as submitted, with its provider id.
    assertThat(JobStatusOf(store, running)).isEqualTo("submitted");
    FakeProvider same = fake;
    try (GenerationClient second = builder(same).jobStore(store).build()) {
      List<Job> resumed = second.resume();
      assertThat(resumed).extracting(Job::id).containsExactly(running);
      String pid = second.job(running).orElseThrow().providerJobId().orElseThrow();
      second.handleUpdate("sandbox", ProviderJob.succeeded(pid, List.of()));
      assertThat(second.await(running).job().status()).isEqualTo(JobStatus.SUCCEEDED);
    }
    assertThat(fake.submitCalls()).isEqualTo(1);
  }

  @Test
  void resumeSendsNeverSentJobsAndReconcilesPossiblySentOnes() throws Exception {
    JobStore store = JobStore.inMemory();
    FakeProvider slow = FakeProvider.builder().latency(Duration.ofHours(1)).build();
    String neverSent;
    String maybeSent;
    try (GenerationClient first = builder(slow).jobStore(store).shutdownTimeout(Duration.ZERO).build()) {
      maybeSent = first.submit(create("maybe sent").build()).id();
      clock.awaitPending(1, Duration.ofSeconds(5)); // its submit is in flight
    }
    // A job stored but never sent: as if the process died right after the insert.
    neverSent = insertPending(store, "never sent");
    assertThat(JobStatusOf(store, maybeSent)).isEqualTo("pending");
    FakeProvider fake = FakeProvider.create();
    try (GenerationClient second = builder(fake).jobStore(store).build()) {
      second.resume();
      assertThat(second.await(neverSent).job().status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(second.await(maybeSent).job().status()).isEqualTo(JobStatus.SUCCEEDED);
    }
    // The never-sent job was sent; the maybe-sent one was reconciled first (the new fake never saw it), then sent.
    assertThat(fake.reconcileCalls()).isEqualTo(1);
    assertThat(fake.submitCalls()).isEqualTo(2);
    assertThat(fake.duplicateCharges()).isEmpty();
  }

  private String insertPending(JobStore store, String prompt) {
    // Only a client can build a pending record; use one that never sends (closed before its worker runs is racy),
    // so write the record the way the client does.
    Job job = Job.builder().id("job_manual" + prompt.hashCode()).status(JobStatus.PENDING).provider("sandbox")
        .request(create(prompt).build()).createdAt(clock.now()).build();
    store.insert(dev.pictor.internal.JobCodec.toRecord(job, 0));
    return job.id();
  }

  private static String JobStatusOf(JobStore store, String id) {
    return store.find(id).orElseThrow().status();
  }

  @Test
  void historyQueriesFilterAndPage() {
    FakeProvider fake = FakeProvider.create().failNextJobs(2);
    try (GenerationClient client = builder(fake).build()) {
      for (int i = 0; i < 5; i++) {
        try {
          client.generate(create("p" + i).owner(i % 2 == 0 ? "ann" : "bob").tag("t" + i).build());
        } catch (JobFailedException expected) {
          // the first two fail
        }
        clock.advance(Duration.ofMinutes(1));
      }
      assertThat(client.jobs(JobQuery.builder().status(JobStatus.FAILED).build())).hasSize(2);
      assertThat(client.jobs(JobQuery.builder().owner("ann").build())).hasSize(3);
      assertThat(client.jobs(JobQuery.builder().tag("t4").build())).extracting(j -> j.request().prompt().orElseThrow()).containsExactly("p4");
      assertThat(client.jobs(JobQuery.builder().action(Action.EDIT).build())).isEmpty();
      assertThat(client.jobs(JobQuery.builder().model(FakeProvider.MODEL).provider("sandbox").build())).hasSize(5);
      assertThat(client.jobs(JobQuery.builder().createdFrom(Instant.parse("2026-01-01T00:03:00Z")).build())).hasSize(2);
      JobQuery page = JobQuery.builder().limit(2).build();
      assertThat(client.jobs(page)).extracting(j -> j.request().prompt().orElseThrow()).containsExactly("p4", "p3");
      assertThat(client.jobs(page.nextPage())).extracting(j -> j.request().prompt().orElseThrow()).containsExactly("p2", "p1");

      List<JobStats> stats = client.stats(Instant.parse("2025-01-01T00:00:00Z"));
      assertThat(stats).extracting(JobStats::status, JobStats::count)
          .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(JobStatus.SUCCEEDED, 3L),
              org.assertj.core.groups.Tuple.tuple(JobStatus.FAILED, 2L));
    }
  }

  @Test
  void deleteRemovesTheJobAndItsFiles() {
    try (GenerationClient client = builder(FakeProvider.create()).build()) {
      GenerationResult r = client.generate(create("p").owner("u-42").build());
      Path file = Path.of(r.images().get(0).location());
      assertThat(file).exists().startsWith(dir.resolve("u-42"));
      assertThat(client.delete(r.id())).isTrue();
      assertThat(file).doesNotExist();
      assertThat(client.job(r.id())).isEmpty();
      assertThat(client.delete(r.id())).isFalse();
    }
  }

  @Test
  void outputsOverTheSizeCapFailTheJobAndLeaveNoFile() throws Exception {
    FakeProvider fake = FakeProvider.builder().outputSize(256).build();
    try (GenerationClient client = builder(fake).maxOutputBytes(100).build()) {
      assertThatThrownBy(() -> client.generate(create("p").build())).isInstanceOf(JobFailedException.class)
          .hasMessageContaining("byte cap");
    }
    try (var files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void theFileExtensionComesFromTheBytesNotTheRequest() throws Exception {
    try (GenerationClient client = builder(FakeProvider.create()).build()) {
      GenerationResult r = client.generate(create("p").outputFormat("webp").build());
      assertThat(r.images().get(0).location()).endsWith(".png");
      assertThat(r.images().get(0).contentType()).isEqualTo("image/png");
      Path copy = r.images().get(0).saveTo(dir.resolve("copy/saved.png"));
      assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(Path.of(r.images().get(0).location())));
    }
  }

  @Test
  void editsTakeFilesBytesAndStreams() throws Exception {
    Path photo = Files.write(dir.resolve("shoe.jpg"), TestImages.jpeg(5, 80, 60));
    try (GenerationClient client = builder(FakeProvider.create()).build()) {
      GenerationResult r = client.generate(GenerationRequest.edit(FakeProvider.MODEL).prompt("white background")
          .image(ImageInput.of(photo))
          .image(ImageInput.of(TestImages.png(2, 10, 10), "bytes.png"))
          .image(ImageInput.of(new java.io.ByteArrayInputStream(TestImages.png(3, 10, 10)), "stream.png"))
          .image(ImageInput.ofUrl("https://cdn.example.com/bag.webp"))
          .build());
      assertThat(r.job().status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(r.job().request().images()).hasSize(4);
    }
  }

  @Test
  void closeLeavesUnfinishedJobsStoredForResume() {
    JobStore store = JobStore.inMemory();
    FakeProvider fake = FakeProvider.builder().pollsBeforeDone(1000).build();
    GenerationClient client = builder(fake).jobStore(store).shutdownTimeout(Duration.ofMillis(50)).build();
    CompletableFuture<GenerationResult> f = client.generateAsync(create("p").build());
    clock.awaitPending(1, Duration.ofSeconds(5));
    client.close();
    assertThatThrownBy(f::join).hasMessageContaining("resume() re-attaches");
    assertThat(store.query(dev.pictor.spi.RecordQuery.of("job", java.util.Set.of("submitted"), 10))).hasSize(1);
    assertThatThrownBy(() -> client.submit(create("late").build())).isInstanceOf(IllegalStateException.class)
        .hasMessage("this GenerationClient is closed");
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("condition not met in 5 s");
      Thread.sleep(5);
    }
  }
}
