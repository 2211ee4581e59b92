package dev.pictor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.ImageFormat;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link ImageHeaders#incomplete}: whole files pass, and a file cut at any byte is caught, without
 * decoding. Every prefix of a real PNG and of a baseline and a progressive JPEG is tried.
 */
class ImageIntegrityTest {
  private static BufferedImage picture(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.BLUE);
    g.fillOval(w / 4, h / 4, w / 2, h / 2);
    g.dispose();
    return img;
  }

  private static byte[] png() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(picture(48, 32), "png", out);
    return out.toByteArray();
  }

  private static byte[] jpeg(boolean progressive) throws Exception {
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam p = w.getDefaultWriteParam();
    if (progressive) p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream s = new MemoryCacheImageOutputStream(out)) {
      w.setOutput(s);
      w.write(null, new IIOImage(picture(40, 30), null, null), p);
    }
    w.dispose();
    return out.toByteArray();
  }

  private static String incomplete(byte[] b, ImageFormat f) throws Exception {
    return ImageHeaders.incomplete(new ByteArrayInputStream(b), f, b.length);
  }

  private static void everyCutIsCaught(byte[] whole, ImageFormat format) throws Exception {
    assertThat(incomplete(whole, format)).isNull();
    for (int n = 0; n < whole.length; n++) {
      assertThat(incomplete(Arrays.copyOf(whole, n), format)).as("cut at %d of %d", n, whole.length).isNotNull();
    }
  }

  @Test
  void aPngCutAtAnyByteIsCaught() throws Exception {
    everyCutIsCaught(png(), ImageFormat.PNG);
  }

  @Test
  void aBaselineAndAProgressiveJpegCutAtAnyByteAreCaught() throws Exception {
    everyCutIsCaught(jpeg(false), ImageFormat.JPEG);
    byte[] progressive = jpeg(true);
    assertThat(count(progressive, 0xDA)).as("scans").isGreaterThan(1);
    everyCutIsCaught(progressive, ImageFormat.JPEG);
  }

  @Test
  void bytesAfterTheEndAreAllowedAsDecodersAllowThem() throws Exception {
    // A motion photo appends a video after the JPEG's end-of-image; a PNG may be padded.
    byte[] jpeg = jpeg(false);
    byte[] withVideo = Arrays.copyOf(jpeg, jpeg.length + 5000);
    Arrays.fill(withVideo, jpeg.length, withVideo.length, (byte) 0xFF);
    assertThat(incomplete(withVideo, ImageFormat.JPEG)).isNull();
    byte[] png = png();
    assertThat(incomplete(Arrays.copyOf(png, png.length + 100), ImageFormat.PNG)).isNull();
  }

  @Test
  void aPngThatDoesNotOpenWithIhdrIsCaught() throws Exception {
    byte[] png = png();
    png[12] = 'X'; // the first chunk's type: IHDR becomes XHDR
    assertThat(incomplete(png, ImageFormat.PNG)).isEqualTo("does not open with a 13-byte IHDR chunk");
  }

  @Test
  void aWebpShorterThanItsRiffHeaderSaysIsCaught() throws Exception {
    // RIFF, length 0x16 (22 + 8 = 30 bytes in all), WEBP, VP8X chunk of 10 bytes: exactly 30 bytes.
    byte[] whole = HexFormat.of().parseHex("52494646" + "16000000" + "57454250" + "56503858" + "0a000000"
        + "00000000" + "ff0300" + "ff0100");
    assertThat(whole).hasSize(30);
    assertThat(incomplete(whole, ImageFormat.WEBP)).isNull();
    assertThat(incomplete(Arrays.copyOf(whole, 29), ImageFormat.WEBP)).isEqualTo("has 29 bytes where its RIFF header declares 30");
    assertThat(incomplete(Arrays.copyOf(whole, 6), ImageFormat.WEBP)).isEqualTo("has no valid RIFF length");
  }

  private static int count(byte[] b, int marker) {
    int n = 0;
    for (int i = 0; i + 1 < b.length; i++) {
      if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == marker) n++;
    }
    return n;
  }
}
