package dev.pictor.openai.internal;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Cuts an image to an exact aspect ratio around its centre: decodes it (PNG or JPEG, through ImageIO,
 * cached in memory rather than in temporary files), keeps the largest {@code a*k x b*k} box, and
 * encodes that in the format asked for (PNG, or JPEG at the given quality). The box is computed from
 * the image as decoded, so the result has the ratio exactly whatever size arrived. Stateless.
 */
public final class Cropper {
  private Cropper() {}

  /** The cropped image's bytes; {@code encoded} is read to its end and closed. */
  public static byte[] crop(InputStream encoded, Geometry.Ratio ratio, String format, float jpegQuality) throws IOException {
    BufferedImage source;
    try (InputStream in = encoded) {
      source = decode(in);
    }
    Size box = Geometry.cropBox(new Size(source.getWidth(), source.getHeight()), ratio);
    if (box.width() < 1 || box.height() < 1) {
      throw new IOException("a " + source.getWidth() + "x" + source.getHeight() + " image is too small to cut to " + ratio);
    }
    BufferedImage cut = source.getSubimage((source.getWidth() - box.width()) / 2, (source.getHeight() - box.height()) / 2,
        box.width(), box.height());
    return "jpeg".equals(format) ? jpeg(opaque(cut), jpegQuality) : png(cut);
  }

  private static BufferedImage decode(InputStream in) throws IOException {
    try (ImageInputStream iis = new MemoryCacheImageInputStream(in)) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
      if (!readers.hasNext()) throw new IOException("the image is not in a format Pictor can cut (PNG or JPEG)");
      ImageReader reader = readers.next();
      try {
        reader.setInput(iis, true, true);
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    }
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      if (!ImageIO.write(image, "png", ios)) throw new IOException("no PNG writer");
    }
    return out.toByteArray();
  }

  private static byte[] jpeg(BufferedImage image, float quality) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(Math.max(0f, Math.min(1f, quality)));
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  /** JPEG has no alpha: draw the image on an RGB canvas. */
  private static BufferedImage opaque(BufferedImage image) {
    if (!image.getColorModel().hasAlpha()) return image;
    BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }
}
