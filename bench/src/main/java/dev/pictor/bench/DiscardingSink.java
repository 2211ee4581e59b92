package dev.pictor.bench;

import dev.pictor.ImageFormat;
import dev.pictor.OutputSink;
import dev.pictor.OutputTarget;
import dev.pictor.StoredOutput;
import java.io.IOException;
import java.io.InputStream;

/**
 * An {@link OutputSink} that reads every output to its end and keeps nothing, so a benchmark measures
 * the client rather than the disk. Stateless and thread-safe; {@link #open} always fails.
 */
final class DiscardingSink implements OutputSink {
  /** The shared instance. */
  static final DiscardingSink INSTANCE = new DiscardingSink();

  // A per-thread buffer: InputStream.transferTo would allocate 8 KB per output and be charged to the client.
  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[8192]);

  private DiscardingSink() {}

  @Override
  public StoredOutput write(OutputTarget target, InputStream data) throws IOException {
    byte[] buffer = BUFFER.get();
    long size = 0;
    for (int n; (n = data.read(buffer)) >= 0; ) size += n;
    ImageFormat format = target.format() == null ? ImageFormat.UNKNOWN : target.format();
    return new StoredOutput(target.index(), "discarded", format.mediaType(), size);
  }

  @Override
  public InputStream open(StoredOutput output) throws IOException {
    throw new IOException("discarded: " + output.location());
  }

  @Override
  public void delete(StoredOutput output) {}
}
