package dev.pictor.bench;

import dev.pictor.Batch;
import dev.pictor.BatchItem;
import dev.pictor.BatchListener;
import dev.pictor.BatchResult;
import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.OutputSink;
import dev.pictor.StoredOutput;
import dev.pictor.testkit.FakeProvider;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * A large batch in a small heap: N items against the fake provider, each output {@code bytes} long
 * and written to disk (and deleted once its item ended, so the disk holds only what is in flight),
 * run twice in one JVM: once as plain {@code generateAsync} calls through a window of
 * {@code concurrency}, once as a batch of the core's engine with the same window. Prints wall time,
 * CPU and allocation per item for both, their difference (the batch engine's overhead per item), the
 * peak heap in use and the largest live set measured after a collection.
 *
 * <pre>
 * java -Xmx256m -cp bench/target/benchmarks.jar dev.pictor.bench.BatchHeapBench 10000 1048576 16
 * </pre>
 */
public final class BatchHeapBench {
  private BatchHeapBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    long bytes = args.length > 1 ? Long.parseLong(args[1]) : 1L << 20;
    int window = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    Path dir = Files.createTempDirectory("pictor-batch-bench");
    FakeProvider fake = FakeProvider.builder().outputBytes(bytes).build();
    System.out.printf(Locale.ROOT, "%d items, %d-byte outputs, window %d, max heap %d MB, %d CPUs%n", n, bytes, window,
        Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
    try (GenerationClient client = GenerationClient.builder().provider(fake)
        .outputs(OutputSink.files(dir, "{job}-{n}.{ext}")).maxConcurrency(window).build()) {
      plain(client, Math.min(n, 500), window); // warm-up of both paths
      batch(client, Math.min(n, 500), window);
      HeapWatch plainHeap = new HeapWatch();
      Meter meter = new Meter();
      long t0 = System.nanoTime();
      plain(client, n, window);
      Meter.Reading plain = meter.stop();
      long plainWall = System.nanoTime() - t0;
      HeapWatch.Peak plainPeak = plainHeap.stop();

      HeapWatch batchHeap = new HeapWatch();
      meter = new Meter();
      t0 = System.nanoTime();
      BatchResult result = batch(client, n, window);
      Meter.Reading batch = meter.stop();
      long batchWall = System.nanoTime() - t0;
      HeapWatch.Peak batchPeak = batchHeap.stop();

      if (result.succeeded().size() != n) throw new IllegalStateException("only " + result.succeeded().size() + " of " + n + " succeeded");
      print("plain generateAsync", n, plainWall, plain, plainPeak);
      print("batch engine", n, batchWall, batch, batchPeak);
      System.out.printf(Locale.ROOT, "batch engine overhead per item: %.3f ms CPU, %.1f KB allocated%n",
          (batch.cpuNanos() - plain.cpuNanos()) / 1e6 / n, (batch.allocatedBytes() - plain.allocatedBytes()) / 1024.0 / n);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    }
  }

  private static GenerationRequest request(int i) {
    return GenerationRequest.create(FakeProvider.MODEL).prompt("item " + i).seed(i).build();
  }

  private static void plain(GenerationClient client, int n, int window) throws InterruptedException {
    Semaphore slots = new Semaphore(window);
    List<CompletableFuture<?>> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      slots.acquire();
      all.add(client.generateAsync(request(i)).whenComplete((r, e) -> {
        if (r != null) delete(r);
        slots.release();
      }));
    }
    CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).join();
  }

  private static BatchResult batch(GenerationClient client, int n, int window) {
    List<GenerationRequest> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) items.add(request(i));
    return client.newBatch().requests(items).maxConcurrency(window).listener(new BatchListener() {
      @Override
      public void onItemDone(Batch b, BatchItem item) {
        for (StoredOutput o : item.outputs()) deleteQuietly(Path.of(o.location()));
      }
    }).run();
  }

  private static void delete(GenerationResult r) {
    for (var image : r.images()) deleteQuietly(Path.of(image.location()));
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // the finally block sweeps what is left
    }
  }

  private static void print(String what, int n, long wallNanos, Meter.Reading r, HeapWatch.Peak peak) {
    System.out.printf(Locale.ROOT, "%-20s %7.2f s wall, %6.3f ms CPU/item, %7.1f KB allocated/item, heap peak %4d MB,"
        + " live after GC %4d MB%n", what, wallNanos / 1e9, r.cpuNanos() / 1e6 / n, r.allocatedBytes() / 1024.0 / n,
        peak.usedBytes() >> 20, peak.liveAfterGcBytes() >> 20);
  }

  /** Samples the heap every 20 ms: the most in use, and the most left after a collection. */
  static final class HeapWatch {
    record Peak(long usedBytes, long liveAfterGcBytes) {}

    private final List<MemoryPoolMXBean> pools = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;
    private long used;
    private long live;

    HeapWatch() {
      System.gc();
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        if (p.getType() == MemoryType.HEAP) {
          pools.add(p);
          p.resetPeakUsage();
        }
      }
      sampler = new Thread(() -> {
        while (running) {
          sample();
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "bench-heap");
      sampler.setDaemon(true);
      sampler.start();
    }

    private synchronized void sample() {
      long u = 0;
      long l = 0;
      for (MemoryPoolMXBean p : pools) {
        u += p.getUsage().getUsed();
        if (p.getCollectionUsage() != null) l += p.getCollectionUsage().getUsed();
      }
      used = Math.max(used, u);
      live = Math.max(live, l);
    }

    Peak stop() throws InterruptedException {
      running = false;
      sampler.interrupt();
      sampler.join();
      sample();
      synchronized (this) {
        return new Peak(used, live);
      }
    }
  }
}
