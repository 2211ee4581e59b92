package dev.pictor.internal;

import dev.pictor.ImageFormat;
import dev.pictor.ImageInfo;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads an image's format and dimensions from its first bytes without decoding it. JPEG is walked
 * marker by marker, skipping segments (EXIF thumbnails included), until the start-of-frame.
 * {@link #incomplete} tells a whole file from a cut one, again without decoding anything.
 */
public final class ImageHeaders {
  private ImageHeaders() {}

  public static ImageInfo read(InputStream in) throws IOException {
    byte[] head = in.readNBytes(30);
    ImageFormat format = ImageFormat.sniff(head, head.length);
    switch (format) {
      case PNG:
        // IHDR is always first: width at 16, height at 20, big-endian. No IHDR there, no dimensions.
        if (head.length < 24 || head[12] != 'I' || head[13] != 'H' || head[14] != 'D' || head[15] != 'R') {
          return new ImageInfo(format, 0, 0);
        }
        return new ImageInfo(format, be32(head, 16), be32(head, 20));
      case WEBP:
        return webp(head, format);
      case GIF:
        return new ImageInfo(format, le16(head, 6), le16(head, 8));
      case JPEG:
        return jpeg(head, in);
      default:
        return new ImageInfo(format, 0, 0);
    }
  }

  /**
   * Why the image in {@code in}, of {@code format} and {@code size} bytes in all, is not whole (a
   * phrase to follow "it", such as {@code "ends before its IEND chunk"}), or null when it is: a PNG must open with its {@code IHDR} chunk and reach {@code IEND}, a JPEG must reach
   * its end-of-image marker after its scans, and a WEBP must be as long as its RIFF header says. Chunks
   * and segments are skipped and scan data only searched for markers, so memory stays constant.
   * Other formats are not checked (null).
   */
  public static String incomplete(InputStream in, ImageFormat format, long size) throws IOException {
    Scan scan = new Scan(in);
    switch (format) {
      case PNG:
        return pngIncomplete(scan);
      case JPEG:
        return jpegIncomplete(scan);
      case WEBP: {
        byte[] h = scan.take(8);
        long declared = h.length < 8 ? -1 : (le32(h, 4) & 0xFFFFFFFFL) + 8;
        if (declared < 12) return "has no valid RIFF length";
        return size < declared ? "has " + size + " bytes where its RIFF header declares " + declared : null;
      }
      default:
        return null;
    }
  }

  private static String pngIncomplete(Scan in) throws IOException {
    if (in.take(8).length < 8) return "ends inside its signature";
    for (boolean first = true; ; first = false) {
      byte[] h = in.take(8);
      if (h.length < 8) return "ends before its IEND chunk";
      long length = be32(h, 0) & 0xFFFFFFFFL;
      String type = new String(h, 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
      if (first && (!type.equals("IHDR") || length != 13)) return "does not open with a 13-byte IHDR chunk";
      if (length > Integer.MAX_VALUE) return "declares a " + type.replaceAll("[^ -~]", "?") + " chunk longer than PNG allows";
      if (!in.skip(length + 4)) return "ends before its IEND chunk";
      if (type.equals("IEND")) return null;
    }
  }

  private static String jpegIncomplete(Scan in) throws IOException {
    if (in.next() != 0xFF || in.next() != 0xD8) return "does not open with a start-of-image marker";
    while (true) {
      int b = in.next();
      if (b < 0) return "ends before its end-of-image marker";
      if (b != 0xFF) continue; // stray bytes before a marker: decoders skip them, and so does this walk
      int marker = in.next();
      while (marker == 0xFF) marker = in.next();
      if (marker < 0) return "ends before its end-of-image marker";
      if (marker == 0xD9) return null;
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;
      int hi = in.next();
      int lo = in.next();
      if (lo < 0 || !in.skip(((hi << 8) | lo) - 2L)) return "ends inside a segment";
      if (marker == 0xDA && !in.skipScanData()) return "ends inside its image data";
    }
  }

  private static ImageInfo webp(byte[] h, ImageFormat format) {
    if (h.length < 16) return new ImageInfo(format, 0, 0);
    String chunk = new String(h, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
    switch (chunk) {
      case "VP8 ":
        if (h.length < 30) break;
        return new ImageInfo(format, le16(h, 26) & 0x3FFF, le16(h, 28) & 0x3FFF);
      case "VP8L": {
        if (h.length < 25) break;
        int b0 = h[21] & 0xFF, b1 = h[22] & 0xFF, b2 = h[23] & 0xFF, b3 = h[24] & 0xFF;
        int w = 1 + (((b1 & 0x3F) << 8) | b0);
        int ht = 1 + (((b3 & 0xF) << 10) | (b2 << 2) | ((b1 & 0xC0) >> 6));
        return new ImageInfo(format, w, ht);
      }
      case "VP8X":
        if (h.length < 30) break;
        return new ImageInfo(format, 1 + le24(h, 24), 1 + le24(h, 27));
      default:
        break;
    }
    return new ImageInfo(format, 0, 0);
  }

  private static ImageInfo jpeg(byte[] head, InputStream rest) throws IOException {
    Bytes in = new Bytes(head, rest);
    in.skip(2); // SOI
    while (true) {
      int b = in.next();
      if (b != 0xFF) return new ImageInfo(ImageFormat.JPEG, 0, 0);
      int marker = in.next();
      while (marker == 0xFF) marker = in.next();
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;
      if (marker == 0xD9 || marker == 0xDA) return new ImageInfo(ImageFormat.JPEG, 0, 0);
      int length = (in.next() << 8) | in.next();
      boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (sof) {
        in.next(); // precision
        int height = (in.next() << 8) | in.next();
        int width = (in.next() << 8) | in.next();
        return new ImageInfo(ImageFormat.JPEG, width, height);
      }
      in.skip(length - 2);
    }
  }

  private static int be32(byte[] b, int i) {
    return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
  }

  private static int le16(byte[] b, int i) {
    return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
  }

  private static int le32(byte[] b, int i) {
    return le16(b, i) | (le16(b, i + 2) << 16);
  }

  private static int le24(byte[] b, int i) {
    return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8) | ((b[i + 2] & 0xFF) << 16);
  }

  /** A stream read through a block buffer: bytes, skips, and the search for a scan's end. */
  private static final class Scan {
    private final InputStream in;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;

    Scan(InputStream in) {
      this.in = in;
    }

    /** The next byte, or -1 at the end. */
    int next() throws IOException {
      if (pos == limit && !fill()) return -1;
      return buf[pos++] & 0xFF;
    }

    /** Up to {@code n} bytes; fewer only at the end. */
    byte[] take(int n) throws IOException {
      byte[] out = new byte[n];
      int i = 0;
      for (int b; i < n && (b = next()) >= 0; i++) out[i] = (byte) b;
      return i == n ? out : java.util.Arrays.copyOf(out, i);
    }

    /** Skips {@code n} bytes; false when the stream ends first. */
    boolean skip(long n) throws IOException {
      if (n < 0) return false;
      long buffered = Math.min(n, limit - pos);
      pos += (int) buffered;
      n -= buffered;
      if (n == 0) return true;
      try {
        in.skipNBytes(n);
        return true;
      } catch (EOFException e) {
        return false;
      }
    }

    /**
     * Skips entropy-coded data up to the next marker that is not a stuffed byte ({@code FF 00}), a
     * restart marker or fill, and leaves that marker's {@code FF} next; false when the stream ends first.
     */
    boolean skipScanData() throws IOException {
      while (true) {
        if (pos == limit && !fill()) return false;
        if (buf[pos++] != (byte) 0xFF) continue;
        int m = next();
        while (m == 0xFF) m = next();
        if (m < 0) return false;
        if (m != 0x00 && (m < 0xD0 || m > 0xD7)) {
          unread(m);
          return true;
        }
      }
    }

    /** Puts back {@code FF marker}: the buffer always has the two bytes just read before {@code pos}. */
    private void unread(int marker) {
      pos -= 2;
      buf[pos] = (byte) 0xFF;
      buf[pos + 1] = (byte) marker;
    }

    private boolean fill() throws IOException {
      // Keep the last two bytes so that unread() always has room for FF and the marker.
      int keep = Math.min(2, limit);
      System.arraycopy(buf, limit - keep, buf, 0, keep);
      int n = in.read(buf, keep, buf.length - keep);
      pos = keep;
      limit = n < 0 ? keep : keep + n;
      return n > 0;
    }
  }

  /** The already-read head followed by the rest of the stream. */
  private static final class Bytes {
    private final byte[] head;
    private final InputStream rest;
    private int pos;

    Bytes(byte[] head, InputStream rest) {
      this.head = head;
      this.rest = rest;
    }

    int next() throws IOException {
      if (pos < head.length) return head[pos++] & 0xFF;
      int b = rest.read();
      if (b < 0) throw new EOFException("image header ends early");
      return b;
    }

    void skip(int n) throws IOException {
      while (n > 0 && pos < head.length) {
        pos++;
        n--;
      }
      if (n <= 0) return;
      try {
        rest.skipNBytes(n);
      } catch (EOFException e) {
        throw new EOFException("image header ends early");
      }
    }
  }
}
