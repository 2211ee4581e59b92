package dev.pictor;

import java.util.Locale;

/**
 * Image formats Pictor recognises by their magic bytes. Inputs must be {@link #JPEG}, {@link #PNG} or
 * {@link #WEBP}; the others are recognised only so an error can say what was found.
 *
 * <p>Immutable and thread-safe.
 */
public enum ImageFormat {
  JPEG("image/jpeg", "jpg"),
  PNG("image/png", "png"),
  WEBP("image/webp", "webp"),
  GIF("image/gif", "gif"),
  BMP("image/bmp", "bmp"),
  TIFF("image/tiff", "tiff"),
  HEIC("image/heic", "heic"),
  /** Not an image format Pictor knows. */
  UNKNOWN("application/octet-stream", "bin");

  private final String mediaType;
  private final String extension;

  ImageFormat(String mediaType, String extension) {
    this.mediaType = mediaType;
    this.extension = extension;
  }

  /** The IANA media type, such as {@code image/png}. */
  public String mediaType() {
    return mediaType;
  }

  /** The file extension without a dot, such as {@code png}. */
  public String extension() {
    return extension;
  }

  /** Whether Pictor accepts it as an input image. */
  public boolean isSupportedInput() {
    return this == JPEG || this == PNG || this == WEBP;
  }

  /**
   * The format whose magic bytes start {@code header} (12 bytes are enough), or {@link #UNKNOWN}.
   */
  public static ImageFormat sniff(byte[] header, int length) {
    if (length >= 3 && u(header, 0) == 0xFF && u(header, 1) == 0xD8 && u(header, 2) == 0xFF) return JPEG;
    if (length >= 8 && u(header, 0) == 0x89 && header[1] == 'P' && header[2] == 'N' && header[3] == 'G'
        && header[4] == 0x0D && header[5] == 0x0A && header[6] == 0x1A && header[7] == 0x0A) return PNG;
    if (length >= 12 && header[0] == 'R' && header[1] == 'I' && header[2] == 'F' && header[3] == 'F'
        && header[8] == 'W' && header[9] == 'E' && header[10] == 'B' && header[11] == 'P') return WEBP;
    if (length >= 4 && header[0] == 'G' && header[1] == 'I' && header[2] == 'F' && header[3] == '8') return GIF;
    if (length >= 2 && header[0] == 'B' && header[1] == 'M') return BMP;
    if (length >= 4 && ((header[0] == 'I' && header[1] == 'I' && header[2] == 42 && header[3] == 0)
        || (header[0] == 'M' && header[1] == 'M' && header[2] == 0 && header[3] == 42))) return TIFF;
    if (length >= 12 && header[4] == 'f' && header[5] == 't' && header[6] == 'y' && header[7] == 'p') {
      String brand = new String(header, 8, 4, java.nio.charset.StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
      if (brand.startsWith("hei") || brand.startsWith("hev") || brand.equals("mif1")) return HEIC;
    }
    return UNKNOWN;
  }

  private static int u(byte[] b, int i) {
    return b[i] & 0xFF;
  }
}
