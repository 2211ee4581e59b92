package dev.pictor.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fails with an {@link OutputTooLargeException} once more than {@code cap} bytes have been read or
 * skipped; the bytes past the cap are never handed out. Not thread-safe, like the stream it wraps.
 */
final class CappedInputStream extends FilterInputStream {
  private final long cap;
  private final String what;
  private long count;

  CappedInputStream(InputStream in, long cap, String what) {
    super(in);
    this.cap = cap;
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) add(1);
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0) add(n);
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    if (skipped > 0) add(skipped);
    return skipped;
  }

  private void add(long n) throws IOException {
    count += n;
    if (count > cap) throw new OutputTooLargeException(what + " is larger than the " + cap + " byte cap; it was not stored");
  }

  /** The cap was passed; not worth retrying. */
  static final class OutputTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    OutputTooLargeException(String message) {
      super(message);
    }
  }
}
