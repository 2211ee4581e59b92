package dev.pictor.bench;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.testkit.FakeProvider;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The client's own cost per job: a {@link FakeProvider} that answers at once with an empty output, a
 * sink that discards it, and the default in-memory job store. What remains is validation, the job
 * id, the store writes of every transition, token leasing, the completion path, the download into
 * the sink and the futures. Targets: 10,000 jobs/s on 2 cores and under 20 KB allocated per job.
 *
 * <pre>{@code
 * java -jar bench/target/benchmarks.jar ClientOverhead -f 1 -wi 2 -w 5s -i 3 -r 5s -prof gc
 * }</pre>
 *
 * <p>Both benchmarks report jobs per second; {@code gc.alloc.rate.norm} is bytes per job.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class ClientOverheadBenchmark {
  /** Jobs in flight per invocation of {@link #generateAsync}. */
  public static final int WINDOW = 256;

  private final GenerationRequest request =
      GenerationRequest.create(FakeProvider.MODEL).prompt("bench").build();
  private GenerationClient client;

  /**
   * A fresh client per iteration: the in-memory job store keeps every job, so one client for the
   * whole run would grow the heap and measure the collector instead of the client.
   */
  @Setup(Level.Iteration)
  public void openClient() {
    client = GenerationClient.builder()
        .provider(FakeProvider.builder().emptyOutputs(true).build())
        .outputs(DiscardingSink.INSTANCE)
        .build();
  }

  @TearDown(Level.Iteration)
  public void closeClient() {
    client.close();
  }

  /** One blocking job at a time on one thread. */
  @Benchmark
  public GenerationResult generate() {
    return client.generate(request);
  }

  /** {@value #WINDOW} jobs submitted at once, then joined; reported per job. */
  @Benchmark
  @OperationsPerInvocation(WINDOW)
  @SuppressWarnings("unchecked")
  public void generateAsync(Blackhole bh) {
    CompletableFuture<GenerationResult>[] window = new CompletableFuture[WINDOW];
    for (int i = 0; i < WINDOW; i++) window[i] = client.generateAsync(request);
    for (CompletableFuture<GenerationResult> f : window) bh.consume(f.join());
  }
}
