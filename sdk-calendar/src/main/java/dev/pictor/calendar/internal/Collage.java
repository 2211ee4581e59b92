package dev.pictor.calendar.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The cover's picture: the twelve month images as one grid of centre-cropped tiles with thin gaps,
 * January top left. Stateless; thread-safe.
 */
final class Collage {
  private static final int TILE = 320;
  private static final int GAP = 8;

  private Collage() {}

  /** A {@code cols} x {@code rows} collage of the images (in order) on a {@code background}. */
  static BufferedImage of(List<byte[]> images, int cols, int rows, Color background) throws IOException {
    BufferedImage out = new BufferedImage(cols * TILE + (cols + 1) * GAP, rows * TILE + (rows + 1) * GAP,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setColor(background);
      g.fillRect(0, 0, out.getWidth(), out.getHeight());
      for (int i = 0; i < images.size() && i < cols * rows; i++) {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(images.get(i)));
        if (img == null) throw new IOException("month " + (i + 1) + "'s image is not a PNG or JPEG this renderer can read");
        int side = Math.min(img.getWidth(), img.getHeight());
        int sx = (img.getWidth() - side) / 2;
        int sy = (img.getHeight() - side) / 2;
        int dx = GAP + (i % cols) * (TILE + GAP);
        int dy = GAP + (i / cols) * (TILE + GAP);
        g.drawImage(img, dx, dy, dx + TILE, dy + TILE, sx, sy, sx + side, sy + side, null);
      }
    } finally {
      g.dispose();
    }
    return out;
  }
}
