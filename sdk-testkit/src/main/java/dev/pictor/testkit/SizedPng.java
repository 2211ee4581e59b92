package dev.pictor.testkit;

import java.io.InputStream;

/**
 * A stream of exactly {@code size} bytes that begins with the PNG signature and goes on with
 * pseudo-random bytes made as they are read: a large output without a large buffer behind it.
 */
final class SizedPng extends InputStream {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
  private final long size;
  private long pos;
  private long state;

  SizedPng(long size, long seed) {
    if (size < SIGNATURE.length) throw new IllegalArgumentException("size " + size + " is smaller than a PNG header");
    this.size = size;
    this.state = seed | 1;
  }

  @Override
  public int read() {
    if (pos >= size) return -1;
    return pos < SIGNATURE.length ? SIGNATURE[(int) pos++] & 0xff : next() & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) return 0;
    if (pos >= size) return -1;
    int n = (int) Math.min(len, size - pos);
    for (int i = 0; i < n; i++) b[off + i] = (byte) (pos < SIGNATURE.length ? SIGNATURE[(int) pos++] : next());
    return n;
  }

  private int next() {
    pos++;
    state ^= state << 13;
    state ^= state >>> 7;
    state ^= state << 17;
    return (int) state;
  }
}
