package dev.pictor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationException;
import dev.pictor.GenerationRequest;
import dev.pictor.GenerationResult;
import dev.pictor.Job;
import dev.pictor.JobQuery;
import dev.pictor.OutputSink;
import dev.pictor.RetryPolicy;
import dev.pictor.TokenPool;
import dev.pictor.spi.JobRecord;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.RecordQuery;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A canary token used through a full run, faults included, shows up nowhere a secret must not be. */
class CanaryTokenTest {
  private static final String CANARY = "r8_CANARY_9f8e7d6c5b4a39281706";
  private static final String REVOKED = "r8_REVOKED_0a1b2c3d4e5f60718293";

  @TempDir Path dir;

  @Test
  void theCanaryAppearsInNoLogExceptionToStringOrStoredJob() throws Exception {
    PrintStream realErr = System.err;
    PrintStream realOut = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    List<String> texts = new ArrayList<>();
    JobStore store = JobStore.inMemory();
    TokenPool pool = TokenPool.of(CANARY, REVOKED);
    FakeProvider fake = FakeProvider.builder().tokens(pool).revoked(REVOKED).pollsBeforeDone(2).latency(Duration.ofMillis(3)).build();
    fake.failNextSubmits(FakeProvider.Fault.rateLimited(Duration.ofMillis(1)), FakeProvider.Fault.status(503),
        FakeProvider.Fault.timeoutAfterCreate(), FakeProvider.Fault.invalid("bad prompt"));
    fake.failNextPolls(FakeProvider.Fault.status(500));
    fake.failNextJobs(2);
    System.setErr(capture);
    System.setOut(capture);
    try (GenerationClient client = GenerationClient.builder().provider(fake).jobStore(store).outputs(OutputSink.files(dir))
        .retryPolicy(RetryPolicy.builder().backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build())
        .polling(Duration.ofMillis(1), Duration.ofMillis(2)).build()) {
      List<CompletableFuture<GenerationResult>> all = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        all.add(client.generateAsync(GenerationRequest.create(FakeProvider.MODEL).prompt("canary run " + i).build()));
      }
      for (CompletableFuture<GenerationResult> f : all) {
        try {
          texts.add(f.join().toString());
        } catch (RuntimeException e) {
          texts.add(stackTrace(e));
        }
      }
      try {
        client.generate(GenerationRequest.create("no-such-model").prompt("x").build());
      } catch (GenerationException e) {
        texts.add(stackTrace(e));
      }
      texts.add(client.toString());
      texts.add(pool.toString());
      texts.add(pool.stats().toString());
      texts.add(fake.toString());
      for (Job j : client.jobs(JobQuery.builder().limit(100).build())) texts.add(j.toString() + j.error());
    } finally {
      System.setErr(realErr);
      System.setOut(realOut);
    }
    for (JobRecord r : store.query(new RecordQuery(Set.of(), null, null, null, null, null, null, null, null, null, null, 0, 1000))) {
      texts.add(r.toString() + r.payload() + r.externalId() + r.owner() + r.tags() + r.leaseOwner());
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    // The run did exercise the paths that log: retries, a removed token, failures.
    assertThat(log).contains("removed from the pool").contains("rate limited");
    assertThat(fake.tokenUse()).containsKeys(CANARY, REVOKED);
    assertThat(log).doesNotContain(CANARY).doesNotContain(REVOKED);
    assertThat(String.join("\n", texts)).doesNotContain(CANARY).doesNotContain(REVOKED).contains("#1 (…1706)");
  }

  private static String stackTrace(Throwable e) {
    StringWriter w = new StringWriter();
    e.printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}
