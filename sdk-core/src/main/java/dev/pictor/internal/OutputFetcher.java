package dev.pictor.internal;

import dev.failsafe.Failsafe;
import dev.pictor.ImageFormat;
import dev.pictor.ImageInfo;
import dev.pictor.ImageInput;
import dev.pictor.Job;
import dev.pictor.OutputSink;
import dev.pictor.OutputTarget;
import dev.pictor.ProviderException;
import dev.pictor.RetryPolicy;
import dev.pictor.StoredOutput;
import dev.pictor.spi.ProviderOutput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a job's outputs into the sink as soon as the provider reports them: URLs through a client
 * that carries no provider credentials, streams as the provider opens them. Refused, with a
 * {@link ProviderException} that is not retried: an address that is not http(s) (nothing is
 * fetched), a body over the byte cap (by its {@code Content-Length} before reading, else while
 * streaming; the sink's partial file is removed), and an image whose header declares more than
 * {@link ImageInput#MAX_PIXELS} (read from the first {@value #PROBE_BYTES} bytes, before the sink
 * sees any). When one output fails, the ones already stored for the job are deleted. Downloads are
 * retried on network errors and retryable statuses.
 */
final class OutputFetcher {
  /** The first bytes read before storing, for the format and the header's dimensions. */
  static final int PROBE_BYTES = 64 * 1024;
  /** The first, small look at an output's header. */
  static final int FIRST_PROBE_BYTES = 1024;
  private static final Logger log = LoggerFactory.getLogger(OutputFetcher.class);
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]{0,15}):");

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
    List<StoredOutput> done = new ArrayList<>();
    CompletableFuture<List<StoredOutput>> all = CompletableFuture.completedFuture(done);
    for (int i = 0; i < outputs.size(); i++) {
      int index = i;
      ProviderOutput out = outputs.get(i);
      all = all.thenCompose(list -> fetchOne(job, index, out).thenApply(stored -> {
        list.add(stored);
        return list;
      }));
    }
    // A job whose outputs could not all be stored fails: keep none of them behind.
    return all.whenComplete((list, e) -> {
      if (e != null) discard(job, done);
    });
  }

  private void discard(Job job, List<StoredOutput> stored) {
    for (StoredOutput o : stored) {
      try {
        sink.delete(o);
      } catch (IOException | RuntimeException e) {
        log.warn("job {}: removing output {} after a later one failed did not work: {}", job.id(), o.index() + 1, e.getMessage());
      }
    }
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
      // Only the scheme is named: the rest of an address may carry a signature.
      java.util.regex.Matcher m = SCHEME.matcher(url);
      throw refused(job, "returned output " + (index + 1) + " of job " + job.id() + " with an address that is not http(s)"
          + (m.find() ? " (" + m.group(1).toLowerCase(java.util.Locale.ROOT) + ":)" : "") + "; nothing was fetched",
          "bad_output_url");
    }
    // A plain GET: no Authorization header and no provider interceptors ever reach output hosts.
    Request request = new Request.Builder().url(parsed).get().build();
    try (Response response = downloads.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new ProviderException("downloading output " + (index + 1) + " of job " + job.id() + " from "
            + parsed.host() + " failed with " + response.code(), job.provider(), response.code(), null, null,
            ProviderException.Reach.REACHED, null);
      }
      long declared = response.body().contentLength();
      if (declared > maxBytes) {
        throw new CappedInputStream.OutputTooLargeException(what(job, index) + " declares " + declared
            + " bytes, more than the " + maxBytes + " byte cap; nothing was stored");
      }
      return store(job, index, response.body().byteStream());
    }
  }

  private StoredOutput store(Job job, int index, InputStream raw) throws IOException {
    try (InputStream capped = new CappedInputStream(raw, maxBytes, what(job, index))) {
      // Most headers fit in the first KiB; only when they do not (a JPEG behind large EXIF data) is
      // more read, up to PROBE_BYTES. Nothing here grows with the image.
      byte[] head = readUpTo(capped, FIRST_PROBE_BYTES);
      ImageFormat format = ImageFormat.sniff(head, head.length);
      ImageInfo info = header(head, format);
      if (info.width() == 0 && info.height() == 0 && head.length == FIRST_PROBE_BYTES) {
        byte[] more = readUpTo(capped, PROBE_BYTES - FIRST_PROBE_BYTES);
        byte[] both = java.util.Arrays.copyOf(head, head.length + more.length);
        System.arraycopy(more, 0, both, head.length, more.length);
        head = both;
        info = header(head, format);
      }
      if (info.width() < 0 || info.height() < 0 || info.pixels() > ImageInput.MAX_PIXELS) {
        throw refused(job, "sent " + what(job, index) + " as a " + format + " whose header declares "
            + Integer.toUnsignedString(info.width()) + " x " + Integer.toUnsignedString(info.height())
            + " pixels, more than the " + ImageInput.MAX_PIXELS + " allowed; it was not stored", "output_too_large");
      }
      OutputTarget target = new OutputTarget(job.id(), index, job.owner().orElse(null), job.batchId().orElse(null),
          job.model(), format);
      return sink.write(target, new SequenceInputStream(new ByteArrayInputStream(head), capped));
    }
  }

  /** Up to {@code max} bytes, fewer only at the end of the stream; an array of exactly what was read. */
  private static byte[] readUpTo(InputStream in, int max) throws IOException {
    byte[] buf = new byte[max];
    int n = in.readNBytes(buf, 0, max);
    return n == max ? buf : java.util.Arrays.copyOf(buf, n);
  }

  /** The dimensions in the first bytes; unknown (0 x 0) when they are not there. */
  private static ImageInfo header(byte[] head, ImageFormat format) {
    try {
      return ImageHeaders.read(new ByteArrayInputStream(head));
    } catch (IOException cutOff) {
      return new ImageInfo(format, 0, 0);
    }
  }

  private static String what(Job job, int index) {
    return "output " + (index + 1) + " of job " + job.id();
  }

  /** An output the provider should not have sent: not retried, the job fails. */
  private static ProviderException refused(Job job, String what, String code) {
    return new ProviderException(job.provider() + " " + what, job.provider(), 0, code, null,
        ProviderException.Reach.REACHED, false, null);
  }
}
