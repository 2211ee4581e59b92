package dev.pictor.replicate;

import dev.pictor.testkit.TestImages;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A corpus of malformed image files, made in code so that every byte is explained: each entry is a
 * file name, its bytes and the end of the message Pictor must refuse it with.
 */
final class HostileImages {
  private HostileImages() {}

  /** A malformed file and how its refusal must end. */
  record Case(String name, byte[] bytes, String refusal) {}

  static Map<String, Case> corpus() {
    Map<String, Case> all = new LinkedHashMap<>();
    byte[] jpeg = TestImages.jpeg(11, 64, 48);
    byte[] png = TestImages.png(12, 64, 48);
    add(all, "zero-bytes.png", new byte[0], "is empty");
    add(all, "cut-before-frame.jpg", Arrays.copyOf(jpeg, 40), "cannot be read: image header ends early");
    add(all, "cut-in-scan.jpg", Arrays.copyOf(jpeg, jpeg.length - 40), "is not a whole JPEG: it ends inside its image data;"
        + " send the complete file (JPEG, PNG or WEBP)");
    add(all, "ihdr-cut.png", Arrays.copyOf(png, 8 + 8 + 5), "is a PNG whose dimensions cannot be read from its header");
    add(all, "cut-in-idat.png", Arrays.copyOf(png, png.length - 20), "is not a whole PNG: it ends before its IEND chunk;"
        + " send the complete file (JPEG, PNG or WEBP)");
    byte[] wrongMagic = png.clone();
    wrongMagic[1] = 'Q';
    add(all, "wrong-magic.png", wrongMagic, "is not an image Pictor recognises; allowed formats: JPEG, PNG, WEBP");
    add(all, "huge.png", pngDeclaring(100_000, 100_000), "is 100000 x 100000 pixels by its header (10000000000);"
        + " images may have at most 268435456 pixels (16384 x 16384)");
    add(all, "beyond-png.png", pngDeclaring(0x80000000, 16), "is a PNG whose header declares a size beyond what PNG allows;"
        + " send an image of at most 268435456 pixels");
    add(all, "huge.jpg", jpegDeclaring(jpeg, 65_535, 65_535), "is 65535 x 65535 pixels by its header (4294836225);"
        + " images may have at most 268435456 pixels (16384 x 16384)");
    add(all, "notes.png", "just some text, renamed to look like a picture\n".getBytes(StandardCharsets.UTF_8),
        "is not an image Pictor recognises; allowed formats: JPEG, PNG, WEBP");
    add(all, "script.png", ("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
        + "<script>alert(document.cookie)</script></svg>").getBytes(StandardCharsets.UTF_8),
        "is not an image Pictor recognises; allowed formats: JPEG, PNG, WEBP");
    add(all, "page.jpg", "<html><body>404</body></html>".getBytes(StandardCharsets.UTF_8),
        "is not an image Pictor recognises; allowed formats: JPEG, PNG, WEBP");
    add(all, "anim.gif", HexFormat.of().parseHex("474946383961" + "0a000a00" + "000000" + "3b"), "is GIF; allowed formats: JPEG, PNG, WEBP");
    add(all, "bitmap.bmp", bmp(), "is BMP; allowed formats: JPEG, PNG, WEBP");
    add(all, "scan.tiff", HexFormat.of().parseHex("49492a00080000000000"), "is TIFF; allowed formats: JPEG, PNG, WEBP");
    add(all, "header-only.webp", HexFormat.of().parseHex("52494646" + "04000000" + "57454250"),
        "is a WEBP whose dimensions cannot be read from its header");
    add(all, "cut.webp", HexFormat.of().parseHex("52494646" + "00100000" + "57454250" + "56503858" + "0a000000" + "00000000"
        + "ff0300" + "ff0100"), "is not a whole WEBP: it has 30 bytes where its RIFF header declares 4104;"
        + " send the complete file (JPEG, PNG or WEBP)");
    return all;
  }

  private static void add(Map<String, Case> all, String name, byte[] bytes, String refusal) {
    all.put(name, new Case(name, bytes, refusal));
  }

  /** A structurally whole PNG (signature, IHDR, an empty IDAT, IEND, right CRCs) declaring {@code w} x {@code h}. */
  static byte[] pngDeclaring(int w, int h) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(HexFormat.of().parseHex("89504e470d0a1a0a"));
    chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2).array());
    chunk(out, "IDAT", HexFormat.of().parseHex("789c030000000001"));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** {@code jpeg} with its start-of-frame rewritten to declare {@code w} x {@code h}; otherwise whole. */
  static byte[] jpegDeclaring(byte[] jpeg, int w, int h) {
    byte[] b = jpeg.clone();
    for (int i = 2; i + 8 < b.length; i++) {
      if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xC0) {
        b[i + 5] = (byte) (h >> 8);
        b[i + 6] = (byte) h;
        b[i + 7] = (byte) (w >> 8);
        b[i + 8] = (byte) w;
        return b;
      }
    }
    throw new IllegalStateException("no baseline start-of-frame");
  }

  private static byte[] bmp() {
    byte[] b = new byte[58];
    b[0] = 'B';
    b[1] = 'M';
    return b;
  }
}
