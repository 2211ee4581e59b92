package dev.pictor.testkit.openai;

import dev.pictor.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The images the simulator answers with: real PNGs and JPEGs of exactly the size ordered, a few
 * variants per size, encoded once and kept (the least recently used dropped first). Plain images are
 * a flat colour with an oval ({@link TestImages}); noisy ones are seeded noise, as large as real
 * generated images (about 3 MB as a 1024x1024 PNG). Thread-safe.
 */
final class Pictures {
  static final int VARIANTS = 4;
  private static final int KEPT = 24;

  private final boolean noisy;
  private final Map<String, Entry> cache = new LinkedHashMap<>(32, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      return size() > KEPT;
    }
  };

  private record Entry(byte[] bytes, String base64) {}

  Pictures(boolean noisy) {
    this.noisy = noisy;
  }

  /** The encoded image; do not modify the array. */
  byte[] bytes(String format, int width, int height, int variant) {
    return entry(format, width, height, variant).bytes();
  }

  String base64(String format, int width, int height, int variant) {
    return entry(format, width, height, variant).base64();
  }

  private Entry entry(String format, int width, int height, int variant) {
    String key = format + ":" + width + "x" + height + ":" + variant;
    synchronized (cache) {
      Entry e = cache.get(key);
      if (e != null) return e;
    }
    byte[] bytes = noisy ? noise(format, width, height, variant)
        : format.equals("jpeg") ? TestImages.jpeg(variant, width, height) : TestImages.png(variant, width, height);
    Entry made = new Entry(bytes, Base64.getEncoder().encodeToString(bytes));
    synchronized (cache) {
      cache.putIfAbsent(key, made);
      return cache.get(key);
    }
  }

  private static byte[] noise(String format, int width, int height, long seed) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Random r = new Random(seed);
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) row[x] = r.nextInt(0x1000000);
      img.setRGB(0, y, width, 1, row, 0, width);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format.equals("jpeg") ? "jpg" : "png", out)) throw new IllegalStateException("no writer for " + format);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
