package dev.pictor.internal;

import dev.pictor.ImageFormat;
import dev.pictor.ImageInfo;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads an image's format and dimensions from its first bytes without decoding it. JPEG is walked
 * marker by marker, skipping segments (EXIF thumbnails included), until the start-of-frame.
 */
public final class ImageHeaders {
  private ImageHeaders() {}

  public static ImageInfo read(InputStream in) throws IOException {
    byte[] head = in.readNBytes(30);
    ImageFormat format = ImageFormat.sniff(head, head.length);
    switch (format) {
      case PNG:
        // IHDR is always first: width at 16, height at 20, big-endian.
        if (head.length < 24) return new ImageInfo(format, 0, 0);
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

  private static int le24(byte[] b, int i) {
    return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8) | ((b[i + 2] & 0xFF) << 16);
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
