package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationRequest;
import dev.pictor.testkit.FakeProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import dev.pictor.ModelCatalog;
import dev.pictor.spi.GenerationProvider;
import dev.pictor.spi.ProviderCall;
import dev.pictor.spi.ProviderJob;
import dev.pictor.spi.ProviderRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ExecutionTest {
  @TempDir
  Path tmp;

  private CommonOptions inMemory() {
    CommonOptions o = new CommonOptions();
    o.store = "memory";
    o.out = tmp;
    return o;
  }

  @Test
  void someFailedItemsExitOneAndAreCounted() throws Exception {
    FakeProvider fake = FakeProvider.builder().build().failNextJobs(2);
    ProviderFactory.Selection sel = new ProviderFactory.Selection(ProviderFactory.Kind.SANDBOX, fake, FakeProvider.MODEL, "p");
    List<GenerationRequest> items = Collections.nCopies(5, GenerationRequest.create(FakeProvider.MODEL).prompt("x").build());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Context ctx = new Context(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()),
        Map.of(), false);

    int code = Execution.run(ctx, sel, inMemory(), Plan.of(items), new Execution.Settings(tmp, 1, null, false, true, false, "batch"));

    assertThat(code).isEqualTo(1);
    Map<String, Object> json = BatchCommandTest.onlyObject(out.toString(StandardCharsets.UTF_8));
    assertThat(json).containsEntry("jobs", 5.0).containsEntry("succeeded", 3.0).containsEntry("failed", 2.0)
        .containsEntry("spentUsd", 0.003);
    List<Map<String, Object>> failed = BatchCommandTest.items(json).stream()
        .filter(i -> i.get("status").equals("failed")).toList();
    assertThat(failed).hasSize(2).allSatisfy(i -> {
      assertThat(i.get("files")).isEqualTo(List.of());
      assertThat(i.get("costUsd")).isNull();
      assertThat((String) i.get("error")).contains("failed as scripted");
    });
    assertThat(fake.duplicateCharges()).isEmpty();
  }

  @Test
  void theWindowKeepsAtMostConcurrencyInFlight() {
    FakeProvider fake = FakeProvider.builder().latency(Duration.ofMillis(5)).pollsBeforeDone(1).build();
    CountingProvider counting = new CountingProvider(fake);
    ProviderFactory.Selection sel = new ProviderFactory.Selection(ProviderFactory.Kind.SANDBOX, counting, FakeProvider.MODEL, "p");
    List<GenerationRequest> items = Collections.nCopies(12, GenerationRequest.create(FakeProvider.MODEL).prompt("x").build());
    PrintStream sink = new PrintStream(new ByteArrayOutputStream());
    Context ctx = new Context(sink, sink, Map.of(), false);

    int code = Execution.run(ctx, sel, inMemory(), Plan.of(items), new Execution.Settings(tmp, 3, null, false, false, false, "batch"));

    assertThat(code).isZero();
    assertThat(fake.jobsCreated()).isEqualTo(12);
    assertThat(counting.maxInFlight.get()).isBetween(1, 3);
  }

  /** Counts jobs between their submit and the poll that ends them. */
  private static final class CountingProvider implements GenerationProvider {
    final GenerationProvider delegate;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();

    CountingProvider(GenerationProvider delegate) {
      this.delegate = delegate;
    }

    @Override public String id() { return delegate.id(); }
    @Override public ModelCatalog catalog() { return delegate.catalog(); }

    @Override
    public CompletableFuture<ProviderJob> submit(ProviderCall call, ProviderRequest request) {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      return delegate.submit(call, request);
    }

    @Override
    public CompletableFuture<ProviderJob> poll(ProviderCall call, String providerJobId) {
      return delegate.poll(call, providerJobId).thenApply(job -> {
        if (job.status().isTerminal()) inFlight.decrementAndGet();
        return job;
      });
    }
  }
}
