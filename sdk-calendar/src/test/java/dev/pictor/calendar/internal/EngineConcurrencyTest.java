package dev.pictor.calendar.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationClient;
import dev.pictor.ImageInput;
import dev.pictor.OutputSink;
import dev.pictor.calendar.CalendarListener;
import dev.pictor.calendar.CalendarModels;
import dev.pictor.calendar.CalendarProgress;
import dev.pictor.calendar.CalendarRequest;
import dev.pictor.calendar.CalendarTheme;
import dev.pictor.calendar.CalendarVariant;
import dev.pictor.calendar.ProjectStatus;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.Scheduler;
import dev.pictor.testkit.FakeProvider;
import dev.pictor.testkit.ManualClock;
import dev.pictor.testkit.TestImages;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine under concurrent changes: events stay in the order changes were stored, a variant is
 * never sent twice by two launches at once, and a project is trained once however often it is
 * started.
 */
@Timeout(30)
class EngineConcurrencyTest {
  @TempDir Path dir;
  final JobStore memory = JobStore.inMemory();
  /** Threads that wait for each other at their next read of a project record. */
  final Set<Thread> meet = ConcurrentHashMap.newKeySet();
  final CyclicBarrier barrier = new CyclicBarrier(2);
  final JobStore store = meetingStore();
  final List<GenerationClient> clients = new ArrayList<>();

  @AfterEach
  void close() {
    clients.forEach(GenerationClient::close);
  }

  /** The in-memory store, where a thread in {@link #meet} waits for the other at its next read. */
  private JobStore meetingStore() {
    return (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class}, (p, m, args) -> {
      if (m.getName().equals("find") && meet.remove(Thread.currentThread())) barrier.await(5, TimeUnit.SECONDS);
      try {
        return m.invoke(memory, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
  }

  private CalendarEngine engine(FakeProvider fake, Scheduler clock, LoraTrainer trainer, int variants, CalendarListener... listeners) {
    GenerationClient client = GenerationClient.builder().provider(fake).jobStore(store).outputs(OutputSink.files(dir.resolve("out")))
        .scheduler(clock).polling(Duration.ofMillis(5), Duration.ofMillis(20)).shutdownTimeout(Duration.ofMillis(100)).build();
    clients.add(client);
    return new CalendarEngine(new CalendarEngine.Config(client, store, clock, CalendarModels.sandbox(), trainer, 10, variants, 6, 2,
        Duration.ofDays(7), List.of(listeners)));
  }

  private static CalendarRequest request(int photos, CalendarRequest.Method method) {
    CalendarRequest.Builder b = CalendarRequest.builder(CalendarTheme.FAMILY).method(method);
    for (int i = 0; i < photos; i++) b.photo(ImageInput.of(TestImages.png(40 + i, 32, 24), "p" + i + ".png"));
    return b.build();
  }

  /** Runs both on threads of their own and waits for both; rethrows what either threw. */
  private static void runTogether(Runnable a, Runnable b) throws Exception {
    List<Throwable> thrown = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (Runnable r : List.of(a, b)) {
      Thread t = new Thread(() -> {
        try {
          r.run();
        } catch (Throwable e) {
          thrown.add(e);
        }
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) t.join(20_000);
    if (!thrown.isEmpty()) throw new AssertionError("a thread failed", thrown.get(0));
  }

  @Test
  void eventsArriveInTheOrderTheChangesWereStoredWhenTwoThreadsChangeAProjectAtOnce() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    CountDownLatch secondStored = new CountDownLatch(1);
    AtomicBoolean holdFirst = new AtomicBoolean();
    CalendarListener slow = new CalendarListener() {
      @Override
      public void onVariantFailed(CalendarVariant v) {
        seen.add("failed " + v.number());
        if (holdFirst.compareAndSet(true, false)) await(secondStored); // a slow listener, while the other thread writes
      }

      @Override
      public void onStatusChanged(String projectId, ProjectStatus from, ProjectStatus to) {
        seen.add("status " + to.wireName());
      }

      @Override
      public void onProgress(CalendarProgress p) {
        seen.add("progress " + p.status().wireName() + " " + p.failed());
      }
    };
    // Nothing at the fake ends: the test makes every change itself.
    CalendarEngine engine = engine(FakeProvider.builder().latency(Duration.ofDays(1)).build(), new ManualClock(), null, 12, slow);
    String id = engine.start(request(2, CalendarRequest.Method.EDIT));
    holdFirst.set(true);

    runTogether(() -> engine.update(id, st -> {
      for (int n = 1; n <= 11; n++) st.variant(n).failed("first", null);
      return true;
    }), () -> {
      await(() -> seen.contains("failed 1"));
      engine.update(id, st -> {
        st.variant(12).failed("second", null);
        return st.settle(java.time.Instant.EPOCH);
      });
      secondStored.countDown();
    });

    List<String> told = seen.subList(seen.indexOf("failed 1"), seen.size()); // the batch's start may add a progress first
    assertThat(told).endsWith("progress generating 11", "status failed", "failed 12", "progress failed 12");
    assertThat(told.subList(0, 11)).containsExactly("failed 1", "failed 2", "failed 3", "failed 4", "failed 5", "failed 6",
        "failed 7", "failed 8", "failed 9", "failed 10", "failed 11");
  }

  @Test
  void twoLaunchesAtOnceSendAVariantOnce() throws Exception {
    FakeProvider fake = FakeProvider.create();
    CalendarEngine engine = engine(fake, Scheduler.system(), null, 12);
    String id = engine.start(request(2, CalendarRequest.Method.EDIT));
    engine.awaitSettled(id).get(10, TimeUnit.SECONDS);
    assertThat(fake.submitCalls()).isEqualTo(12);
    // Two variants planned again (as two regenerations would), and two threads launch at the same moment.
    engine.projects().update(id, st -> {
      st.variant(1).reset(101);
      st.variant(2).reset(102);
      st.status = ProjectStatus.GENERATING;
      return true;
    });

    runTogether(() -> {
      meet.add(Thread.currentThread());
      engine.runner().launch(id);
    }, () -> {
      meet.add(Thread.currentThread());
      engine.runner().launch(id);
    });
    engine.awaitSettled(id).get(10, TimeUnit.SECONDS);

    assertThat(fake.submitCalls()).as("each of the two sent once").isEqualTo(14);
    assertThat(engine.projects().require(id).count(CalendarVariant.Status.SUCCEEDED)).isEqualTo(12);
  }

  @Test
  void aProjectStartedTwiceIsTrainedOnce() {
    CountingTrainer trainer = new CountingTrainer();
    CalendarEngine engine = engine(FakeProvider.create(), Scheduler.system(), trainer, 12);
    String id = engine.start(request(10, CalendarRequest.Method.LORA));
    assertThat(engine.projects().require(id).status).isEqualTo(ProjectStatus.TRAINING);
    ProjectState stale = engine.projects().require(id);
    stale.status = ProjectStatus.PENDING; // as another thread or process read it before the first start

    new TrainingStep(engine, new OutputCache(store, clients.get(0), Scheduler.system())).start(stale);

    assertThat(trainer.trainings.get()).isEqualTo(1);
  }

  /** A trainer whose trainings never end. */
  static final class CountingTrainer implements LoraTrainer {
    final AtomicInteger trainings = new AtomicInteger();

    @Override public String provider() { return FakeProvider.ID; }
    @Override public String owner() { return "acme"; }

    @Override
    public CompletableFuture<Trained> train(List<ImageInput> photos, String triggerWord, String destination,
        Consumer<String> onCreated) {
      onCreated.accept("t" + trainings.incrementAndGet());
      return new CompletableFuture<>();
    }

    @Override public CompletableFuture<Trained> follow(String trainingId) { return new CompletableFuture<>(); }

    public void use(String version) {}
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(java.util.function.BooleanSupplier condition) {
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < end) Thread.onSpinWait();
  }
}
