package dev.pictor;

/**
 * What an image's header says: its format by magic bytes and its dimensions in pixels ({@code 0}
 * when the header does not carry them, as with {@link ImageFormat#UNKNOWN}).
 *
 * <p>Immutable and thread-safe.
 */
public record ImageInfo(ImageFormat format, int width, int height) {
  /** The pixel count the header declares, as a {@code long} so that no declared size overflows; 0 when unknown. */
  public long pixels() {
    return width <= 0 || height <= 0 ? 0 : (long) width * height;
  }
}
