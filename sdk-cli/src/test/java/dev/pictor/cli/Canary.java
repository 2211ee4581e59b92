package dev.pictor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.GenerationClient;
import dev.pictor.GenerationException;
import dev.pictor.GenerationListener;
import dev.pictor.Job;
import dev.pictor.JobQuery;
import dev.pictor.OutputSink;
import dev.pictor.RetryPolicy;
import dev.pictor.spi.GenerationProvider;
import dev.pictor.spi.JobRecord;
import dev.pictor.spi.JobStore;
import dev.pictor.spi.RecordQuery;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Canary secrets and everything a run shows: what reaches the standard streams (the logs: the
 * tests' slf4j-simple binding writes to {@code System.err}), every exception with its causes and
 * suppressed ones, {@code toString()}s, listener events, and the job store's records. {@link
 * #assertNowhere} then looks for each secret whole, base64-encoded, URL-encoded, and as any run of
 * {@value #WINDOW} of its characters. Thread-safe.
 */
final class Canary {
  /** Any run of this many characters of a secret counts as a leak (a masked label shows 4). */
  static final int WINDOW = 10;
  private static final Object STREAMS = new Object();

  private final List<String> secrets;
  private final StringBuffer texts = new StringBuffer();
  private final ByteArrayOutputStream streams = new ByteArrayOutputStream();

  Canary(String... secrets) {
    this.secrets = List.of(secrets);
  }

  /** Sends {@code System.out} and {@code System.err} here (and nowhere else) until the capture is closed. */
  Capture capture() {
    return new Capture();
  }

  /** Standard streams captured until now. */
  String streams() {
    synchronized (streams) {
      return streams.toString(StandardCharsets.UTF_8);
    }
  }

  /** Everything seen so far (not the streams). */
  String seen() {
    return texts.toString();
  }

  /** Records {@code o}'s text; a throwable with its whole stack trace, causes and suppressed included. */
  void see(Object o) {
    if (o instanceof Throwable) {
      StringWriter w = new StringWriter();
      ((Throwable) o).printStackTrace(new PrintWriter(w));
      texts.append(w).append('\n');
    } else {
      texts.append(o).append('\n');
    }
  }

  /** Waits for each future and records its result or its failure; returns how many failed. */
  int settle(List<? extends CompletableFuture<?>> futures) {
    int failed = 0;
    for (CompletableFuture<?> f : futures) {
      try {
        see(f.get(60, TimeUnit.SECONDS));
      } catch (Exception e) {
        failed++;
        see(e);
      }
    }
    return failed;
  }

  /** Every record of {@code store}: its text, its payload and its indexed fields. */
  void seeStore(JobStore store) {
    for (JobRecord r : store.query(new RecordQuery(Set.of(), null, null, null, null, null, null, null, null, null, null, 0, 10_000))) {
      see(r + " " + r.payload() + " " + r.externalId() + " " + r.owner() + " " + r.tags() + " " + r.leaseOwner());
    }
  }

  /** A listener that records every event with its arguments. */
  GenerationListener listener() {
    return new GenerationListener() {
      @Override public void onSubmitted(Job job) { see(job); }
      @Override public void onStarted(Job job) { see(job); }
      @Override public void onRetried(Job job, int attempt, GenerationException cause, Duration delay) { see(job); see(cause); }
      @Override public void onSucceeded(Job job) { see(job); }
      @Override public void onFailed(Job job, GenerationException error) { see(job); see(error); }
      @Override public void onCanceled(Job job) { see(job); }
      @Override public void onTokenCooledDown(String provider, String token, Duration cooldown) { see(provider + token + cooldown); }
      @Override public void onTokenRemoved(String provider, String token, String reason) { see(provider + token + reason); }
    };
  }

  /** A client for {@code provider} that reports to this canary, with fast polls and retries, storing in {@code store}. */
  GenerationClient.Builder client(GenerationProvider provider, JobStore store, Path out) {
    return GenerationClient.builder().provider(provider).jobStore(store).outputs(OutputSink.files(out)).listener(listener())
        .polling(Duration.ofMillis(5), Duration.ofMillis(20))
        .retryPolicy(RetryPolicy.builder().backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build());
  }

  /** Records what the client and its provider and pool show of themselves, and every stored job. */
  void seeAll(GenerationClient client, GenerationProvider provider, JobStore store) {
    see(client);
    see(provider);
    see(provider.tokens());
    see(provider.tokens().stats());
    for (Job j : client.jobs(JobQuery.all())) see(j + " " + j.error() + " " + j.outputs() + " " + j.request());
    seeStore(store);
  }

  /** Fails naming the first secret found, in any of its forms, in anything seen or captured. */
  void assertNowhere() {
    String all = texts + "\n" + streams();
    assertThat(all.length()).as("something was seen").isGreaterThan(0);
    for (String secret : secrets) {
      for (String form : forms(secret)) {
        assertThat(all).as("a form of a secret (%s...)", form.substring(0, 4)).doesNotContain(form);
      }
    }
  }

  private static List<String> forms(String secret) {
    List<String> forms = new ArrayList<>();
    forms.add(secret);
    forms.add(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
    forms.add(Base64.getEncoder().encodeToString(("Bearer " + secret).getBytes(StandardCharsets.UTF_8)));
    forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
    for (int i = 0; i + WINDOW <= secret.length(); i++) forms.add(secret.substring(i, i + WINDOW));
    return forms;
  }

  /** Redirects the standard streams while open; one at a time per JVM. */
  final class Capture implements AutoCloseable {
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    private Capture() {
      synchronized (STREAMS) {
        PrintStream to = new PrintStream(new Sink(), true, StandardCharsets.UTF_8);
        System.setOut(to);
        System.setErr(to);
      }
    }

    @Override
    public void close() {
      synchronized (STREAMS) {
        System.setOut(out);
        System.setErr(err);
      }
    }
  }

  private final class Sink extends java.io.OutputStream {
    @Override
    public void write(int b) {
      synchronized (streams) {
        streams.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (streams) {
        streams.write(b, off, len);
      }
    }
  }
}
