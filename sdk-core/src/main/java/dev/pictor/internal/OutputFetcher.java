package dev.pictor.internal;

import dev.failsafe.Failsafe;
import dev.pictor.ImageFormat;
import dev.pictor.Job;
import dev.pictor.OutputSink;
import dev.pictor.OutputTarget;
import dev.pictor.ProviderException;
import dev.pictor.RetryPolicy;
import dev.pictor.StoredOutput;
import dev.pictor.spi.ProviderOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Streams a job's outputs into the sink as soon as the provider reports them: URLs through a client
 * that carries no provider credentials, streams as the provider opens them. The format is sniffed
 * from the first bytes; the size cap is enforced while streaming. Downloads are retried on network
 * errors and retryable statuses.
 */
final class OutputFetcher {
  private final OkHttpClient downloads;
  private final OutputSink sink;
  private final long maxBytes;
  private final RetryPolicy policy;
  private final FailsafeScheduler scheduler;

  OutputFetcher(OkHttpClient downloads, OutputSink sink, long maxBytes, RetryPolicy policy, FailsafeScheduler scheduler) {
    this.downloads = downloads;
    this.sink = sink;
    this.maxBytes = maxBytes;
    this.policy = policy;
    this.scheduler = scheduler;
  }

  OutputSink sink() {
    return sink;
  }

  /** Fetches every output, one after another, and returns where they were stored. */
  CompletableFuture<List<StoredOutput>> fetchAll(Job job, List<ProviderOutput> outputs) {
    CompletableFuture<List<StoredOutput>> all = CompletableFuture.completedFuture(new ArrayList<>());
    for (int i = 0; i < outputs.size(); i++) {
      int index = i;
      ProviderOutput out = outputs.get(i);
      all = all.thenCompose(list -> fetchOne(job, index, out).thenApply(stored -> {
        list.add(stored);
        return list;
      }));
    }
    return all;
  }

  private CompletableFuture<StoredOutput> fetchOne(Job job, int index, ProviderOutput out) {
    dev.failsafe.RetryPolicy<StoredOutput> retry = dev.failsafe.RetryPolicy.<StoredOutput>builder()
        .handleIf((r, e) -> e != null && retryable(ProviderHandle.unwrap(e)))
        .withMaxAttempts(policy.maxAttempts())
        .withDelayFn(ctx -> Backoff.delay(policy, ctx.getAttemptCount(), ProviderHandle.unwrap(ctx.getLastException()),
            false, () -> ThreadLocalRandom.current().nextDouble()))
        .build();
    return Failsafe.with(retry).with(scheduler).getAsync(() -> {
      try {
        StoredOutput stored = out.urlValue().isPresent() ? download(job, index, out.urlValue().get())
            : store(job, index, out.opener().get().open());
        return out.metadata().isEmpty() ? stored : stored.withMetadata(out.metadata());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static boolean retryable(Throwable e) {
    if (e instanceof UncheckedIOException) e = e.getCause();
    if (e instanceof CappedInputStream.OutputTooLargeException) return false;
    if (e instanceof ProviderException) return ((ProviderException) e).retryable();
    return e instanceof IOException;
  }

  private StoredOutput download(Job job, int index, String url) throws IOException {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw new ProviderException(job.provider() + " returned output " + (index + 1) + " of job " + job.id()
          + " with an address that is not http(s)", job.provider(), 0, "bad_output_url", null, ProviderException.Reach.REACHED, null);
    }
    // A plain GET: no Authorization header and no provider interceptors ever reach output hosts.
    Request request = new Request.Builder().url(parsed).get().build();
    try (Response response = downloads.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new ProviderException("downloading output " + (index + 1) + " of job " + job.id() + " from "
            + parsed.host() + " failed with " + response.code(), job.provider(), response.code(), null, null,
            ProviderException.Reach.REACHED, null);
      }
      return store(job, index, response.body().byteStream());
    }
  }

  private StoredOutput store(Job job, int index, InputStream raw) throws IOException {
    // Sniffing needs 12 bytes; a pushback of that size costs nothing like a buffered stream's 16 KB.
    try (PushbackInputStream in = new PushbackInputStream(
        new CappedInputStream(raw, maxBytes, "output " + (index + 1) + " of job " + job.id()), 12)) {
      byte[] head = in.readNBytes(12);
      in.unread(head);
      ImageFormat format = ImageFormat.sniff(head, head.length);
      OutputTarget target = new OutputTarget(job.id(), index, job.owner().orElse(null), job.batchId().orElse(null),
          job.model(), format);
      return sink.write(target, in);
    }
  }
}
