package dev.pictor.bench;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.JobStatus;
import dev.pictor.OutputSink;
import dev.pictor.TokenPool;
import dev.pictor.replicate.ReplicateProvider;
import dev.pictor.spi.RateLimits;
import dev.pictor.testkit.replicate.ReplicateLedger;
import dev.pictor.testkit.replicate.ReplicateSimulator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * A timed batch against the in-process {@link ReplicateSimulator}, through the real Replicate
 * provider: N predictions with a fixed latency, a fixed number of workers per token, and a create
 * limit per token. It prints the makespan against the lower bound those limits impose, the HTTP
 * requests per image (downloads included), and the client's CPU per image.
 *
 * <p>The lower bound for N images, T tokens, burst b, rate r per token, w workers per token and
 * latency L is {@code max((N - b*T) / (r*T) + L, ceil(N / (w*T)) * L)}.
 *
 * <pre>{@code
 * mvn -q -B install -DskipTests -Djavadoc.skip=true
 * java -cp bench/target/benchmarks.jar dev.pictor.bench.ReplicateBatchBench 1000
 * }</pre>
 *
 * <p>A program, not a library type: run it once per process.
 */
public final class ReplicateBatchBench {
  private static final Duration LATENCY = Duration.ofMillis(300);
  private static final int WORKERS = 5;
  private static final int RATE = 10;
  private static final int BURST = 10;
  private static final int TOKENS = 2;
  private static final int CONCURRENCY = 20;

  private ReplicateBatchBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < TOKENS; i++) tokens.add("r8_bench_token_" + i + "_aaaaaaaaaaaaaaaa");
    Path out = Files.createTempDirectory("pictor-bench");
    CpuMeter cpu = new CpuMeter();
    try (ReplicateSimulator sim = ReplicateSimulator.builder().tokens(tokens.toArray(new String[0]))
            .latency(LATENCY).workersPerToken(WORKERS).createLimit(RATE, BURST).build().start();
        GenerationClient client = GenerationClient.builder()
            .provider(ReplicateProvider.builder().tokens(TokenPool.of(tokens)).baseUrl(sim.baseUrl())
                .rateLimits(RateLimits.of(RATE, Duration.ofSeconds(1), 3000, Duration.ofMinutes(1))).build())
            .outputs(OutputSink.files(out, "{job}-{n}.{ext}"))
            .maxConcurrency(CONCURRENCY)
            .build()) {
      Semaphore window = new Semaphore(CONCURRENCY);
      List<CompletableFuture<GenerationResult>> all = new ArrayList<>(n);
      cpu.start();
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        window.acquire();
        CompletableFuture<GenerationResult> f = client.generateAsync(GenerationRequest.create("flux-schnell")
            .prompt("bench " + i).seed(i).build());
        f.whenComplete((r, e) -> window.release());
        all.add(f);
      }
      int succeeded = 0;
      for (CompletableFuture<GenerationResult> f : all) {
        try {
          if (f.join().job().status() == JobStatus.SUCCEEDED) succeeded++;
        } catch (RuntimeException e) {
          System.err.println("failed: " + e.getMessage());
        }
      }
      double makespan = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = cpu.stop();
      ReplicateLedger ledger = sim.ledger();
      double rateBound = (double) (n - BURST * TOKENS) / (RATE * TOKENS) + LATENCY.toMillis() / 1000.0;
      double workerBound = Math.ceil((double) n / (WORKERS * TOKENS)) * LATENCY.toMillis() / 1000.0;
      double bound = Math.max(rateBound, workerBound);
      long http = ledger.requests() + ledger.downloads();
      System.out.printf(Locale.ROOT, "images            %d succeeded of %d%n", succeeded, n);
      System.out.printf(Locale.ROOT, "makespan          %.2f s%n", makespan);
      System.out.printf(Locale.ROOT, "lower bound       %.2f s (rate %.2f s, workers %.2f s)%n", bound, rateBound, workerBound);
      System.out.printf(Locale.ROOT, "makespan / bound  %.3f (target <= 1.10)%n", makespan / bound);
      System.out.printf(Locale.ROOT, "HTTP requests     %d (%d API + %d downloads) = %.3f per image (target <= 2.2)%n",
          http, ledger.requests(), ledger.downloads(), (double) http / n);
      System.out.printf(Locale.ROOT, "API requests      %s%n", ledger.byEndpoint());
      System.out.printf(Locale.ROOT, "429 answers       %d%n", ledger.byStatus().getOrDefault(429, 0));
      System.out.printf(Locale.ROOT, "duplicate charges %d%n", ledger.duplicates().size());
      System.out.printf(Locale.ROOT, "client CPU        %.3f s = %.3f ms per image (threads named pictor-*)%n",
          cpuSeconds, cpuSeconds * 1000 / n);
    }
  }

  /**
   * CPU time of the client's threads (named {@code pictor-*}) and the main thread, sampled every
   * 50 ms so threads that end early still count; the simulator's threads are left out.
   */
  private static final class CpuMeter {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> last = new ConcurrentHashMap<>();
    /** CPU already used at the start by threads that existed then; later threads start from zero. */
    private final Map<Long, Long> baseline = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread sampler;

    void start() {
      running = true;
      sample();
      baseline.putAll(last);
      sampler = new Thread(() -> {
        while (running) {
          sample();
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "bench-cpu-sampler");
      sampler.setDaemon(true);
      sampler.start();
    }

    double stop() throws InterruptedException {
      running = false;
      sampler.join();
      sample();
      long total = 0;
      for (Map.Entry<Long, Long> e : last.entrySet()) total += e.getValue() - baseline.getOrDefault(e.getKey(), 0L);
      return total / 1e9;
    }

    private void sample() {
      for (long id : threads.getAllThreadIds()) {
        java.lang.management.ThreadInfo info = threads.getThreadInfo(id);
        if (info == null) continue;
        String name = info.getThreadName();
        if (!name.startsWith("pictor-") && !name.equals("main")) continue;
        long t = threads.getThreadCpuTime(id);
        if (t < 0) continue;
        last.put(id, t);
      }
    }
  }
}
