package dev.pictor.testkit;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * Real, small, deterministic images for tests: the same seed always gives the same bytes. PNGs are
 * encoded with ImageIO and cached. Thread-safe.
 */
public final class TestImages {
  private static final ConcurrentHashMap<String, byte[]> CACHE = new ConcurrentHashMap<>();

  private TestImages() {}

  /** A {@code width} x {@code height} PNG whose colours come from {@code seed}. */
  public static byte[] png(long seed, int width, int height) {
    return CACHE.computeIfAbsent("png:" + seed + ":" + width + "x" + height, k -> encode(seed, width, height, "png")).clone();
  }

  /** A {@code width} x {@code height} JPEG whose colours come from {@code seed}. */
  public static byte[] jpeg(long seed, int width, int height) {
    return CACHE.computeIfAbsent("jpg:" + seed + ":" + width + "x" + height, k -> encode(seed, width, height, "jpg")).clone();
  }

  private static byte[] encode(long seed, int width, int height, String format) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    java.util.Random r = new java.util.Random(seed);
    g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
    g.fillRect(0, 0, width, height);
    g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) throw new IllegalStateException("no ImageIO writer for " + format);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
