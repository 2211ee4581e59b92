package dev.pictor.openai.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Base64;
import okio.Buffer;

/**
 * An image's base64 text, decoded as it is read: a block of characters at a time is copied out of the
 * text (held in an Okio {@link Buffer}, as it came off the socket) and decoded by the JDK's decoder,
 * so the text is never copied whole and no decoded copy of the image is kept. Each instance reads its
 * own view of the text, so the output can be opened again. OpenAI's {@code b64_json} is plain base64
 * without line breaks; anything else fails the read with an {@link IOException}. Not thread-safe: one
 * reader per instance.
 */
final class Base64Input extends InputStream {
  /** Characters decoded at a time: a multiple of 4, so that every block but the last is whole. */
  static final int BLOCK = 16 * 1024;

  private final Buffer text;
  private final long length;
  private final byte[] chars = new byte[BLOCK];
  private final byte[] decoded = new byte[BLOCK / 4 * 3];
  private int at;
  private int end;

  /** Reads {@code encoded} without consuming it. */
  Base64Input(Buffer encoded) {
    synchronized (encoded) { // copy() marks the shared segments: one copy at a time
      this.text = encoded.copy();
    }
    this.length = text.size();
  }

  @Override
  public int read() throws IOException {
    if (at == end && !fill()) return -1;
    return decoded[at++] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) return 0;
    if (at == end && !fill()) return -1;
    int n = Math.min(len, end - at);
    System.arraycopy(decoded, at, b, off, n);
    at += n;
    return n;
  }

  @Override
  public int available() {
    return end - at;
  }

  /** Decodes the next block; false at the end of the text. */
  private boolean fill() throws IOException {
    while (text.size() > 0) {
      int n = (int) Math.min(BLOCK, text.size());
      long offset = length - text.size();
      for (int got = 0; got < n; ) got += text.read(chars, got, n - got);
      try {
        end = Base64.getDecoder().decode(n == BLOCK ? chars : Arrays.copyOf(chars, n), decoded);
      } catch (IllegalArgumentException e) {
        throw new IOException("b64_json is not base64 near character " + offset + ": " + e.getMessage(), e);
      }
      at = 0;
      if (end > 0) return true;
    }
    return false;
  }
}
