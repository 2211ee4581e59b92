package dev.pictor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pictor.ImageFormat;
import dev.pictor.ImageInfo;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageHeadersTest {
  private static byte[] encode(String format, int w, int h) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), format, out);
    return out.toByteArray();
  }

  private static ImageInfo read(byte[] b) throws Exception {
    return ImageHeaders.read(new ByteArrayInputStream(b));
  }

  @Test
  void pngAndJpegDimensionsComeFromTheHeader() throws Exception {
    assertThat(read(encode("png", 123, 45))).isEqualTo(new ImageInfo(ImageFormat.PNG, 123, 45));
    assertThat(read(encode("jpg", 640, 480))).isEqualTo(new ImageInfo(ImageFormat.JPEG, 640, 480));
    assertThat(read(encode("gif", 7, 9))).isEqualTo(new ImageInfo(ImageFormat.GIF, 7, 9));
  }

  @Test
  void jpegWithALargeApplicationSegmentBeforeTheFrame() throws Exception {
    byte[] jpeg = encode("jpg", 300, 200);
    // Insert a 40 KB APP1 segment (an EXIF thumbnail, say) right after SOI.
    int len = 40_000;
    byte[] app1 = new byte[len + 2];
    app1[0] = (byte) 0xFF;
    app1[1] = (byte) 0xE1;
    app1[2] = (byte) (len >> 8);
    app1[3] = (byte) len;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.write(app1);
    out.write(jpeg, 2, jpeg.length - 2);
    assertThat(read(out.toByteArray())).isEqualTo(new ImageInfo(ImageFormat.JPEG, 300, 200));
  }

  @Test
  void webpLossyLosslessAndExtended() throws Exception {
    // Headers built by hand from the WebP container format; only the first 30 bytes matter.
    byte[] vp8 = HexFormat.of().parseHex("52494646000000005745425056503820" + "00000000" + "000000" + "9d012a" + "8002" + "e001");
    assertThat(read(vp8)).isEqualTo(new ImageInfo(ImageFormat.WEBP, 640, 480));
    byte[] vp8l = HexFormat.of().parseHex("524946460000000057454250565038" + "4c" + "00000000" + "2f" + "3f" + "c0" + "3b" + "00" + "000000");
    assertThat(read(vp8l).format()).isEqualTo(ImageFormat.WEBP);
    assertThat(read(vp8l).width()).isEqualTo(64);
    assertThat(read(vp8l).height()).isEqualTo(240);
    byte[] vp8x = HexFormat.of().parseHex("52494646000000005745425056503858" + "0a000000" + "00000000" + "ff0300" + "ff0100");
    assertThat(read(vp8x)).isEqualTo(new ImageInfo(ImageFormat.WEBP, 1024, 512));
  }

  @Test
  void unknownBytesAreUnknown() throws Exception {
    assertThat(read("hello, world".getBytes())).isEqualTo(new ImageInfo(ImageFormat.UNKNOWN, 0, 0));
    assertThat(read(new byte[0])).isEqualTo(new ImageInfo(ImageFormat.UNKNOWN, 0, 0));
  }
}
