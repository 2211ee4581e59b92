package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationRequest;
import dev.pictor.OutputSink;
import dev.pictor.testkit.FakeProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class InterruptHandlerTest {
  @TempDir
  Path tmp;

  @Test
  void theSignalMarksClosesOnceAndMakesTheExitCode130() {
    AtomicInteger closed = new AtomicInteger();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    InterruptHandler handler = new InterruptHandler(closed::incrementAndGet, new PrintStream(err, true, StandardCharsets.UTF_8), 10);

    assertThat(handler.interrupted()).isFalse();
    assertThat(handler.exitCode(0)).isZero();
    assertThat(handler.exitCode(1)).isEqualTo(1);

    handler.onSignal();
    handler.onSignal();

    assertThat(handler.interrupted()).isTrue();
    assertThat(closed).hasValue(1);
    assertThat(handler.exitCode(0)).isEqualTo(130);
    assertThat(handler.exitCode(1)).isEqualTo(130);
    assertThat(err.toString(StandardCharsets.UTF_8).lines()).singleElement().asString().contains("interrupted");
  }

  @Test
  void installAndUninstallLeaveNoHookBehind() {
    InterruptHandler handler = new InterruptHandler(() -> {}, new PrintStream(new ByteArrayOutputStream()), 10);
    handler.install().install();
    handler.uninstall();
    handler.uninstall();
    assertThat(handler.interrupted()).isFalse();
  }

  @Test
  void aRunStopsSubmittingOnceSignalledAndKeepsWhatItHas() throws Exception {
    FakeProvider fake = FakeProvider.builder().latency(Duration.ofMillis(30)).pollsBeforeDone(2).build();
    GenerationClient client = GenerationClient.builder().provider(fake).outputs(OutputSink.files(tmp, Execution.LAYOUT))
        .polling(Duration.ofMillis(10), Duration.ofMillis(20)).shutdownTimeout(Duration.ofSeconds(5)).build();
    InterruptHandler handler = new InterruptHandler(client, new PrintStream(new ByteArrayOutputStream()), 10);
    List<GenerationRequest> items = Collections.nCopies(50, GenerationRequest.create(FakeProvider.MODEL).prompt("x").build());

    dev.pictor.Batch batch = Plan.of(items).start(client, "batch_interrupted", 2, null, dev.pictor.BatchListener.NONE);
    CompletableFuture<List<Summary.Item>> run = CompletableFuture.supplyAsync(
        () -> Summary.of(Execution.await(batch, handler), 0, null, null).items());
    Thread.sleep(150);
    handler.onSignal();
    List<Summary.Item> results = run.get(10, TimeUnit.SECONDS);

    assertThat(results).hasSize(50);
    long submitted = results.stream().filter(i -> i.id() != null).count();
    assertThat(submitted).isBetween(1L, 49L);
    assertThat(results.stream().filter(i -> i.status().equals(Summary.SKIPPED))).hasSize((int) (50 - submitted));
    assertThat(fake.jobsCreated()).isEqualTo((int) submitted);
    assertThat(handler.exitCode(0)).isEqualTo(130);
  }
}
