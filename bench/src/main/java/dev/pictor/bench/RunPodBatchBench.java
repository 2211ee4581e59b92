package dev.pictor.bench;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.JobStatus;
import dev.pictor.OutputSink;
import dev.pictor.runpod.RunPodProvider;
import dev.pictor.testkit.runpod.RunPodLedger;
import dev.pictor.testkit.runpod.RunPodSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * A timed batch through the real RunPod provider against the in-process {@link RunPodSimulator}
 * (latency 300 ms, 10 workers). Two scenarios, as the RunPod issue asks:
 *
 * <ul>
 *   <li>{@code workers}: submissions limited far above the workers' pace; the bound is
 *       {@code ceil(N / workers) * latency}.
 *   <li>{@code limited}: the simulator accepts 10 submissions a second (burst 10) while the provider
 *       starts at RunPod's documented 2,000 per 10 s, so the adaptive rate must find the real limit;
 *       the bound is {@code (N - 10) / 10 + latency}.
 * </ul>
 *
 * <pre>{@code
 * java -cp bench/target/benchmarks.jar dev.pictor.bench.RunPodBatchBench workers 1000
 * java -cp bench/target/benchmarks.jar dev.pictor.bench.RunPodBatchBench limited 1000
 * }</pre>
 *
 * <p>A program, not a library type: run it once per process.
 */
public final class RunPodBatchBench {
  private static final Duration LATENCY = Duration.ofMillis(300);
  private static final int WORKERS = 10;
  private static final int IN_FLIGHT = 40;
  private static final String KEY = "rpa_bench_key_aaaaaaaaaaaaaaaa";

  private RunPodBatchBench() {}

  public static void main(String[] args) throws Exception {
    boolean limited = args.length > 0 && args[0].equals("limited");
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    RunPodSimulator.Builder simulator = RunPodSimulator.builder().apiKeys(KEY).latency(LATENCY).workers(WORKERS);
    if (limited) simulator.runsyncLimit(10, 10);
    else simulator.runsyncLimit(1000, 1000).statusLimit(1000, 1000);
    Path out = Files.createTempDirectory("pictor-runpod-bench");
    dev.pictor.TokenPool pool = dev.pictor.TokenPool.of(KEY);
    if (Boolean.getBoolean("bench.trace")) {
      Thread trace = new Thread(() -> {
        long t0 = System.nanoTime();
        while (true) {
          try {
            Thread.sleep(2000);
          } catch (InterruptedException e) {
            return;
          }
          System.err.printf(Locale.ROOT, "t=%.0fs rate=%s per 10 s, stats=%s%n", (System.nanoTime() - t0) / 1e9,
              dev.pictor.internal.TokenRegistry.of(pool).createRates(), pool.stats());
        }
      }, "bench-trace");
      trace.setDaemon(true);
      trace.start();
    }
    try (RunPodSimulator sim = simulator.build().start();
        GenerationClient client = GenerationClient.builder()
            .provider(RunPodProvider.builder().tokens(pool).baseUrl(sim.baseUrl()).build())
            .outputs(OutputSink.files(out, "{job}-{n}.{ext}"))
            .maxConcurrency(IN_FLIGHT)
            .build()) {
      Semaphore window = new Semaphore(IN_FLIGHT);
      List<CompletableFuture<GenerationResult>> all = new ArrayList<>(n);
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
      double latency = LATENCY.toMillis() / 1000.0;
      double bound = limited ? (n - 10) / 10.0 + latency : Math.ceil((double) n / WORKERS) * latency;
      RunPodLedger ledger = sim.ledger();
      long http = ledger.requests() + ledger.downloads();
      System.out.printf(Locale.ROOT, "scenario          %s%n", limited ? "limited (simulator 10/s burst 10, provider at documented defaults)" : "workers");
      System.out.printf(Locale.ROOT, "images            %d succeeded of %d%n", succeeded, n);
      System.out.printf(Locale.ROOT, "makespan          %.2f s%n", makespan);
      System.out.printf(Locale.ROOT, "bound             %.2f s%n", bound);
      System.out.printf(Locale.ROOT, "makespan / bound  %.3f (target <= %s)%n", makespan / bound, limited ? "1.15" : "1.10");
      System.out.printf(Locale.ROOT, "HTTP requests     %d (%d API + %d downloads) = %.3f per image%n",
          http, ledger.requests(), ledger.downloads(), (double) http / n);
      System.out.printf(Locale.ROOT, "429 answers       %d%n", ledger.byStatus().getOrDefault(429, 0));
      System.out.printf(Locale.ROOT, "duplicate charges %d%n", ledger.duplicates().size());
    }
  }
}
