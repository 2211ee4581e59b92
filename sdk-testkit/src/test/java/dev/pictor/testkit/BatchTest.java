package dev.pictor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonReader;
import dev.pictor.Action;
import dev.pictor.Batch;
import dev.pictor.BatchEstimate;
import dev.pictor.BatchItem;
import dev.pictor.BatchListener;
import dev.pictor.BatchProgress;
import dev.pictor.BatchResult;
import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import dev.pictor.Job;
import dev.pictor.JobStatus;
import dev.pictor.Money;
import dev.pictor.OutputSink;
import dev.pictor.PriceList;
import dev.pictor.spi.JobStore;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class BatchTest {
  @TempDir Path dir;

  private GenerationClient client(FakeProvider fake) {
    return client(fake, JobStore.inMemory());
  }

  private GenerationClient client(FakeProvider fake, JobStore store) {
    return GenerationClient.builder().provider(fake).jobStore(store).outputs(OutputSink.files(dir, "{job}-{n}.{ext}"))
        .polling(Duration.ofMillis(1), Duration.ofMillis(5)).shutdownTimeout(Duration.ofMillis(200)).build();
  }

  private static GenerationRequest.Builder template() {
    return GenerationRequest.create(FakeProvider.MODEL).prompt("a red cube on a table");
  }

  private static void until(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("condition not met in 20 s");
      Thread.sleep(2);
    }
  }

  @Test
  void aBudgetThatCoversExactlyKItemsLetsExactlyKRun() {
    FakeProvider fake = FakeProvider.builder().latency(Duration.ofMillis(2)).build(); // USD 0.001 an image
    try (GenerationClient client = client(fake)) {
      BatchResult r = client.newBatch().template(template()).seeds(10).maxConcurrency(3).budget(Money.usd("0.004")).run();
      assertThat(r.succeeded()).hasSize(4);
      assertThat(fake.jobsCreated()).isEqualTo(4);
      assertThat(r.budgetExhausted()).isTrue();
      assertThat(r.spent()).isEqualTo(Money.usd("0.004"));
      List<BatchItem> refused = r.unsuccessful();
      assertThat(refused).hasSize(6).allSatisfy(i -> {
        assertThat(i.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(i.error().orElseThrow().type()).isEqualTo("budget");
        assertThat(i.error().orElseThrow().message()).contains("budget USD 0.004");
        assertThat(i.charge()).contains(Money.usd("0"));
      });
      // Every item, sent or not, is a job of the batch in the store.
      assertThat(client.jobs(dev.pictor.JobQuery.builder().batchId(r.batchId()).limit(100).build())).hasSize(10);
    }
  }

  @Test
  void pauseStopsNewSubmissionsAtOnceAndResumeContinues() throws Exception {
    FakeProvider fake = FakeProvider.builder().latency(Duration.ofMillis(5)).pollsBeforeDone(2).build();
    try (GenerationClient client = client(fake)) {
      Batch batch = client.newBatch().template(template()).seeds(12).maxConcurrency(3).start();
      batch.pause();
      BatchProgress atPause = batch.progress();
      int sentAtPause = atPause.done() + atPause.inFlight();
      until(() -> batch.progress().inFlight() == 0);
      Thread.sleep(50);
      assertThat(fake.jobsCreated()).isEqualTo(sentAtPause).isLessThanOrEqualTo(3);
      assertThat(batch.progress().done()).isEqualTo(sentAtPause);
      assertThat(batch.paused()).isTrue();
      batch.resume();
      BatchResult r = batch.await();
      assertThat(r.succeeded()).hasSize(12);
      assertThat(fake.jobsCreated()).isEqualTo(12);
      assertThat(fake.duplicateCharges()).isEmpty();
    }
  }

  @Test
  void cancelLeavesNothingRunningAtTheProvider() throws Exception {
    FakeProvider fake = FakeProvider.builder().pollsBeforeDone(1_000_000).build();
    try (GenerationClient client = client(fake)) {
      Batch batch = client.newBatch().template(template()).seeds(10).maxConcurrency(3).start();
      until(() -> fake.jobsCreated() == 3 && batch.items().stream().filter(i -> i.status() == JobStatus.RUNNING).count() == 3);
      batch.cancel();
      BatchResult r = batch.await();
      assertThat(r.items()).allSatisfy(i -> assertThat(i.status()).isEqualTo(JobStatus.CANCELED));
      assertThat(fake.jobsCreated()).isEqualTo(3);
      assertThat(fake.providerJobIds()).hasSize(3).allSatisfy(id -> assertThat(fake.wasCanceled(id)).as(id).isTrue());
      assertThat(r.items().subList(3, 10)).allSatisfy(i -> assertThat(i.error().orElseThrow().code()).isEqualTo("batch_canceled"));
    }
  }

  @Test
  void aBatchInterruptedMidwayEndsWithEveryItemDoneExactlyOnceInANewClient() throws Exception {
    FakeProvider fake = FakeProvider.builder().latency(Duration.ofMillis(3)).pollsBeforeDone(3).build();
    JobStore store = JobStore.inMemory();
    String batchId;
    GenerationClient first = client(fake, store);
    Batch batch = first.newBatch().template(template()).seeds(30).maxConcurrency(4).name("interrupted").start();
    batchId = batch.id();
    until(() -> batch.progress().done() >= 8);
    first.close(); // a restart: jobs in flight stay stored, items not sent stay unsent
    int sentBefore = fake.jobsCreated();
    assertThat(sentBefore).isLessThan(30);

    try (GenerationClient second = client(fake, store)) {
      second.resume();
      Batch resumed = second.batch(batchId).orElseThrow();
      BatchResult r = resumed.await();
      assertThat(r.items()).hasSize(30).allSatisfy(i -> assertThat(i.status()).as("%s %s", i, i.error()).isEqualTo(JobStatus.SUCCEEDED));
      assertThat(fake.jobsCreated()).isEqualTo(30);
      assertThat(fake.duplicateCharges()).isEmpty();
      for (BatchItem i : r.items()) assertThat(Path.of(i.outputs().get(0).location())).exists();
      assertThat(resumed.name()).isEqualTo("interrupted");
    }
  }

  @Test
  void theZipHoldsEveryOutputAndAManifestThatMatchesTheResults() throws Exception {
    FakeProvider fake = FakeProvider.builder().build();
    fake.failNextJobs(1);
    try (GenerationClient client = client(fake)) {
      Batch batch = client.newBatch().template(template()).seeds(5).maxConcurrency(1).start();
      BatchResult r = batch.await();
      Path zip = dir.resolve("export/batch.zip");
      batch.exportZip(zip);
      Map<String, byte[]> entries = new LinkedHashMap<>();
      try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
        for (ZipEntry e; (e = in.getNextEntry()) != null; ) entries.put(e.getName(), in.readAllBytes());
      }
      assertThat(entries).containsKey("manifest.json").hasSize(r.succeeded().size() + 1);
      @SuppressWarnings("unchecked")
      Map<String, Object> manifest = (Map<String, Object>) JsonReader.of(new Buffer().write(entries.get("manifest.json"))).readJsonValue();
      assertThat(manifest.get("batch")).isEqualTo(r.batchId());
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> items = (List<Map<String, Object>>) manifest.get("items");
      assertThat(items).hasSize(5);
      for (int i = 0; i < 5; i++) {
        BatchItem item = r.items().get(i);
        Map<String, Object> m = items.get(i);
        assertThat(m.get("status")).isEqualTo(item.status().wireName());
        assertThat(((Number) m.get("seed")).longValue()).isEqualTo(i + 1);
        assertThat(m.get("model")).isEqualTo(FakeProvider.MODEL);
        assertThat(m.get("prompt")).isEqualTo("a red cube on a table");
        @SuppressWarnings("unchecked")
        List<String> files = (List<String>) m.get("files");
        if (item.status() == JobStatus.SUCCEEDED) {
          assertThat(files).hasSize(1);
          assertThat(entries.get(files.get(0))).isEqualTo(Files.readAllBytes(Path.of(item.outputs().get(0).location())));
          assertThat(m).containsKeys("actualCost", "timings");
        } else {
          assertThat(files).isEmpty();
          assertThat(m.get("error")).isNotNull();
        }
      }
      assertThat(r.unsuccessful()).hasSize(1);
    }
    try (java.util.stream.Stream<Path> left = Files.list(dir.resolve("export"))) {
      assertThat(left).containsExactly(dir.resolve("export/batch.zip")); // no temporary file left behind
    }
  }

  @Test
  void variantsRunAsOneBatchGroupedByVariant() {
    FakeProvider fake = FakeProvider.create();
    try (GenerationClient client = client(fake)) {
      Map<String, String> ab = new LinkedHashMap<>();
      ab.put("minimal", "minimal shadow");
      ab.put("soft", "soft shadow");
      ab.put("dramatic", "dramatic shadow");
      BatchResult r = client.newVariants().template(template()).variants(ab).variant("custom", "a custom look")
          .seeds(7, 8).run();
      assertThat(r.items()).hasSize(8);
      assertThat(r.byVariant().keySet()).containsExactly("minimal", "soft", "dramatic", "custom");
      r.byVariant().forEach((name, items) -> {
        assertThat(items).hasSize(2).allSatisfy(i -> assertThat(i.status()).isEqualTo(JobStatus.SUCCEEDED));
        assertThat(items).extracting(i -> i.request().seed().orElseThrow()).containsExactly(7L, 8L);
      });
      assertThat(r.byVariant().get("soft")).allSatisfy(i -> assertThat(i.request().prompt()).contains("soft shadow"));
      List<String> sentPrompts = fake.submittedRequests().stream().map(p -> p.request().prompt().orElseThrow()).toList();
      assertThat(sentPrompts).containsOnly("minimal shadow", "soft shadow", "dramatic shadow", "a custom look").hasSize(8);
      assertThatThrownBy(() -> client.newVariants().template(template()).variant("a", "x").variant("a", "y"))
          .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'a' is given twice");
    }
  }

  @Test
  void chainedStepsRunAsJobsOfTheirOwnLinkedToTheirParent() {
    FakeProvider fake = FakeProvider.create();
    try (GenerationClient client = client(fake)) {
      GenerationResult single = client.generate(template().thenUpscale(2).thenRemoveBackground().build());
      Job last = single.job();
      assertThat(last.action()).isEqualTo(Action.REMOVE_BACKGROUND);
      Job upscale = client.job(last.parentJobId().orElseThrow()).orElseThrow();
      assertThat(upscale.action()).isEqualTo(Action.UPSCALE);
      assertThat(upscale.request().upscaleFactor()).contains(2.0);
      Job first = client.job(upscale.parentJobId().orElseThrow()).orElseThrow();
      assertThat(first.action()).isEqualTo(Action.CREATE);
      // The upscale's input is the first job's output file.
      assertThat(upscale.request().images().get(0).path()).contains(Path.of(first.outputs().get(0).location()));

      BatchResult batch = client.newBatch().template(template()).seeds(3).thenUpscale(2).run();
      assertThat(batch.items()).allSatisfy(i -> {
        assertThat(i.jobs()).hasSize(2);
        assertThat(i.jobs().get(1).parentJobId()).contains(i.jobId());
        assertThat(i.jobs().get(1).batchId()).contains(batch.batchId());
        assertThat(i.outputs()).isEqualTo(i.jobs().get(1).outputs());
        assertThat(i.status()).isEqualTo(JobStatus.SUCCEEDED);
      });
      assertThat(fake.jobsCreated()).isEqualTo(3 + 6);
      assertThat(batch.spent()).isEqualTo(Money.usd("0.006")); // both steps priced
    }
  }

  @Test
  void inputsCanBeOutputsOfEarlierJobsNextToFreshFiles() throws IOException {
    FakeProvider fake = FakeProvider.create();
    try (GenerationClient client = client(fake)) {
      GenerationResult earlier = client.generate(template().build());
      Path upload = dir.resolve("upload.png");
      Files.write(upload, TestImages.png(1, 96, 64));
      BatchResult r = client.newBatch()
          .template(GenerationRequest.edit(FakeProvider.MODEL).prompt("white background"))
          .images(ImageInput.fromJob(earlier.id(), 0), ImageInput.of(upload))
          .run();
      assertThat(r.succeeded()).hasSize(2);
      assertThat(r.items().get(0).input()).isEqualTo(earlier.id() + "#0");
      Job edited = r.items().get(0).jobs().get(0);
      assertThat(edited.request().images().get(0).path()).contains(Path.of(earlier.job().outputs().get(0).location()));

      assertThatThrownBy(() -> client.newBatch().template(GenerationRequest.edit(FakeProvider.MODEL).prompt("x"))
          .images(ImageInput.fromJob(earlier.id(), 3)).run().items().get(0).error().ifPresent(e -> {
            throw new InvalidRequestException("images", e.message());
          })).isInstanceOf(InvalidRequestException.class).hasMessageContaining("there is no output 3");
      int before = fake.jobsCreated();
      assertThatThrownBy(() -> client.generate(GenerationRequest.edit(FakeProvider.MODEL).prompt("x")
          .image(ImageInput.fromJob("job_missing", 0)).build()))
          .isInstanceOf(InvalidRequestException.class).hasMessageContaining("there is no job job_missing");
      assertThat(fake.jobsCreated()).isEqualTo(before);
    }
  }

  @Test
  void unpricedItemsAreNeverFreeAndABudgetOverThemIsRefusedUnlessPricesAreGiven() {
    FakeProvider fake = FakeProvider.create();
    try (GenerationClient client = client(fake)) {
      List<GenerationRequest> outside = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) outside.add(GenerationRequest.create("acme/novel-model").prompt("item " + i).build());
      BatchEstimate e = client.newBatch().requests(outside).estimate();
      assertThat(e.total()).isEmpty();
      assertThat(e.unpriced()).isEqualTo(3);
      assertThat(e.unpricedModels()).containsExactly("acme/novel-model");
      assertThatThrownBy(() -> client.newBatch().requests(outside).budget(Money.usd(1)).start())
          .isInstanceOf(InvalidRequestException.class).hasMessageContaining("acme/novel-model").hasMessageContaining("prices");
      assertThat(fake.jobsCreated()).isZero();

      PriceList credits = PriceList.builder("credits").price("acme/novel-model", "3").build();
      BatchEstimate inCredits = client.newBatch().requests(outside).prices(credits).estimate();
      assertThat(inCredits.total()).contains(new Money(new BigDecimal("9"), "credits"));
      BatchResult r = client.newBatch().requests(outside).prices(credits)
          .budget(new Money(new BigDecimal("6"), "credits")).run();
      assertThat(r.succeeded()).hasSize(2);
      assertThat(r.spent()).isEqualTo(new Money(new BigDecimal("6"), "credits"));
      assertThat(r.items().get(0).charge()).contains(new Money(new BigDecimal("3"), "credits"));
      assertThatThrownBy(() -> client.newBatch().requests(outside).prices(credits).budget(Money.usd(1)).start())
          .isInstanceOf(InvalidRequestException.class).hasMessageContaining("one unit");
    }
  }

  @Test
  void failFastCancelsTheRestAfterTheFirstFailure() {
    FakeProvider fake = FakeProvider.create();
    fake.failNextJobs(1);
    try (GenerationClient client = client(fake)) {
      BatchResult r = client.newBatch().template(template()).seeds(6).maxConcurrency(1).failFast().run();
      assertThat(r.items().get(0).status()).isEqualTo(JobStatus.FAILED);
      assertThat(r.items().subList(1, 6)).allSatisfy(i -> assertThat(i.status()).isEqualTo(JobStatus.CANCELED));
      assertThat(fake.jobsCreated()).isEqualTo(1);
    }
  }

  @Test
  void partialFailureNeverFailsTheOthersAndEventsArriveForEachItem() {
    FakeProvider fake = FakeProvider.create();
    fake.failNextJobs(2);
    List<String> events = new CopyOnWriteArrayList<>();
    AtomicInteger progressEvents = new AtomicInteger();
    List<BatchProgress> last = new CopyOnWriteArrayList<>();
    try (GenerationClient client = client(fake)) {
      BatchResult r = client.newBatch().template(template()).seeds(8).listener(new BatchListener() {
        @Override public void onItemSubmitted(Batch b, BatchItem i) { events.add("sent " + i.index()); }
        @Override public void onItemDone(Batch b, BatchItem i) { events.add("done " + i.index()); }
        @Override public void onProgress(Batch b, BatchProgress p) { progressEvents.incrementAndGet(); }
        @Override public void onBatchDone(Batch b, BatchResult result) { last.add(result.progress()); }
      }).run();
      assertThat(r.succeeded()).hasSize(6);
      assertThat(r.unsuccessful()).hasSize(2).allSatisfy(i -> assertThat(i.status()).isEqualTo(JobStatus.FAILED));
      assertThat(r.progress()).satisfies(p -> {
        assertThat(p.total()).isEqualTo(8);
        assertThat(p.done()).isEqualTo(8);
        assertThat(p.failed()).isEqualTo(2);
        assertThat(p.spent()).isEqualTo(Money.usd("0.006"));
        assertThat(p.estimated()).contains(Money.usd("0.008"));
        assertThat(p.eta()).contains(Duration.ZERO);
      });
      assertThat(last).hasSize(1);
      assertThat(progressEvents.get()).isEqualTo(8);
      Map<String, Integer> counts = new HashMap<>();
      for (String e : events) counts.merge(e.substring(0, 4), 1, Integer::sum);
      assertThat(counts).containsEntry("sent", 8).containsEntry("done", 8);
    }
  }

  @Test
  void aStoredBatchCanBeReadBackAsASnapshot() {
    FakeProvider fake = FakeProvider.create();
    JobStore store = JobStore.inMemory();
    String id;
    try (GenerationClient client = client(fake, store)) {
      id = client.newBatch().template(template()).seeds(3).run().batchId();
    }
    try (GenerationClient other = client(fake, store)) {
      Batch snapshot = other.batch(id).orElseThrow();
      assertThat(snapshot.progress().succeeded()).isEqualTo(3);
      assertThat(snapshot.await().items()).hasSize(3);
      assertThatThrownBy(snapshot::pause).isInstanceOf(IllegalStateException.class).hasMessageContaining("resume()");
      assertThat(other.batch("batch_nope")).isEmpty();
    }
  }

  @Test
  void closingTheClientEndsAWaitingAwaitWithAMessageAndAThrowingListenerBreaksNothing() throws Exception {
    FakeProvider fake = FakeProvider.builder().pollsBeforeDone(1_000_000).build();
    GenerationClient client = client(fake);
    Batch batch = client.newBatch().template(template()).seeds(5).start();
    java.util.concurrent.CompletableFuture<BatchResult> waiting = batch.awaitAsync();
    client.close();
    assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(dev.pictor.GenerationException.class)
        .hasMessageContaining("resume()");

    List<String> order = new CopyOnWriteArrayList<>();
    try (GenerationClient other = client(FakeProvider.create())) {
      BatchResult r = other.newBatch().template(template()).seeds(6).maxConcurrency(3).listener(new BatchListener() {
        @Override public void onItemDone(Batch b, BatchItem i) { order.add("item"); throw new IllegalStateException("boom"); }
        @Override public void onBatchDone(Batch b, BatchResult result) { order.add("batch"); throw new IllegalStateException("boom"); }
      }).start().awaitAsync().get(20, TimeUnit.SECONDS);
      assertThat(r.succeeded()).hasSize(6);
      until(() -> order.size() == 7);
      assertThat(order).containsExactly("item", "item", "item", "item", "item", "item", "batch");
    }
  }

  @Test
  void closingTheClientWhileItemsAreBeingSentCancelsNothingAtTheProvider() throws Exception {
    FakeProvider fake = FakeProvider.builder().latency(java.time.Duration.ofMillis(300)).pollsBeforeDone(1_000_000).build();
    JobStore store = JobStore.inMemory();
    GenerationClient first = client(fake, store);
    Batch batch = first.newBatch().template(template()).seeds(3).maxConcurrency(3).start();
    until(() -> fake.submitCalls() == 3);
    first.close(); // the three submits are still in flight
    Thread.sleep(600); // long enough for the submits to answer and any cancel to be sent
    assertThat(fake.cancelCalls()).as("a closing client leaves its jobs to resume(), it does not cancel them").isZero();
    try (GenerationClient second = client(fake, store)) {
      second.resume();
      assertThat(second.batch(batch.id()).orElseThrow().progress().canceled()).isZero();
    }
  }

  @Test
  void aBatchWithTheCallersIdStartsOnceAndItsItemsTakeThatId() throws Exception {
    try (GenerationClient client = client(FakeProvider.create())) {
      Batch batch = client.newBatch().id("order-1234").template(template()).seeds(2).start();
      assertThat(batch.id()).isEqualTo("batch_order-1234");
      assertThat(batch.await().items()).extracting(BatchItem::jobId).containsExactly("job_order-1234-0", "job_order-1234-1");
      assertThatThrownBy(() -> client.newBatch().id("batch_order-1234").template(template()).seeds(2).start())
          .isInstanceOf(dev.pictor.InvalidRequestException.class).hasMessageContaining("batch batch_order-1234 is stored already");
      assertThatThrownBy(() -> client.newBatch().id("no spaces"))
          .isInstanceOf(dev.pictor.InvalidRequestException.class).hasMessageContaining("1 to 64 letters, digits");
      assertThat(client.newVariants().id("ab-1").template(template()).variant("a", "x").variant("b", "y").start().id()).isEqualTo("batch_ab-1");
    }
  }

  @Test
  void aBatchStoppedWhileCancelingIsCanceledOnResumeWithoutSendingAnything() throws Exception {
    FakeProvider fake = FakeProvider.builder().pollsBeforeDone(1_000_000).build();
    JobStore store = JobStore.inMemory();
    GenerationClient first = client(fake, store);
    Batch batch = first.newBatch().template(template()).seeds(10).maxConcurrency(2).start();
    until(() -> fake.jobsCreated() == 2);
    first.close();
    dev.pictor.spi.JobRecord record = store.find(batch.id()).orElseThrow();
    assertThat(record.status()).isEqualTo("running");
    store.update(record.toBuilder().status("canceling").build(), record.version());

    try (GenerationClient second = client(fake, store)) {
      second.resume();
      BatchResult r = second.batch(batch.id()).orElseThrow().await();
      assertThat(r.items()).allSatisfy(i -> assertThat(i.status()).isEqualTo(JobStatus.CANCELED));
      assertThat(fake.jobsCreated()).isEqualTo(2);
      assertThat(fake.providerJobIds()).allSatisfy(id -> assertThat(fake.wasCanceled(id)).isTrue());
      assertThat(store.find(batch.id()).orElseThrow().status()).isEqualTo("canceled");
    }
  }

  @Test
  void aChainedStepThatCannotStartFailsTheItemAndChargesAddUpToTheSpend() {
    FakeProvider fake = FakeProvider.create();
    try (GenerationClient client = client(fake)) {
      // The fake's upscale takes a scale of 1 to 4: an 8x step is refused when it is about to start.
      BatchResult r = client.newBatch().template(template()).seeds(3).thenUpscale(8).run();
      assertThat(r.items()).allSatisfy(i -> {
        assertThat(i.status()).isEqualTo(JobStatus.FAILED);
        assertThat(i.error().orElseThrow().message()).contains("scale");
        assertThat(i.jobs()).hasSize(1);
        assertThat(i.charge()).contains(Money.usd("0.001")); // the first step ran and cost its price
      });
      Money charged = r.items().stream().map(i -> i.charge().orElseThrow()).reduce(Money.zero("USD"), Money::plus);
      assertThat(charged).isEqualTo(r.spent());
    }
  }

  @Test
  void aSubmittedChainGoesOnWithoutAnyoneWaiting() throws Exception {
    FakeProvider fake = FakeProvider.create();
    try (GenerationClient client = client(fake)) {
      Job root = client.submit(template().thenRemoveBackground().build());
      until(() -> client.job(root.id() + "-next").map(j -> j.status() == JobStatus.SUCCEEDED).orElse(false));
      assertThat(client.job(root.id() + "-next").orElseThrow().action()).isEqualTo(Action.REMOVE_BACKGROUND);
    }
  }

  @Test
  void aChainedRequestInterruptedMidwayGoesOnToItsNextStepAfterResume() throws Exception {
    FakeProvider fake = FakeProvider.builder().latency(Duration.ofMillis(2)).pollsBeforeDone(300).build();
    JobStore store = JobStore.inMemory();
    GenerationClient first = client(fake, store);
    Job root = first.submit(template().thenUpscale(2).build());
    first.close(); // the first step is still running at the provider
    assertThat(first.job(root.id()).isPresent()).isTrue();
    try (GenerationClient second = client(fake, store)) {
      second.resume();
      String next = root.id() + "-next";
      until(() -> second.job(next).map(j -> j.status() == JobStatus.SUCCEEDED).orElse(false));
      Job upscale = second.job(next).orElseThrow();
      assertThat(upscale.parentJobId()).contains(root.id());
      assertThat(upscale.action()).isEqualTo(Action.UPSCALE);
      assertThat(fake.duplicateCharges()).isEmpty();
    }
  }
}
