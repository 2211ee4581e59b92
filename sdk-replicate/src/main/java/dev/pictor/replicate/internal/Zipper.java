package dev.pictor.replicate.internal;

import dev.pictor.ImageInfo;
import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Zips training photos into a temporary file, streaming each photo in, after checking it is an image. */
public final class Zipper {
  private Zipper() {}

  /**
   * A temporary zip of {@code photos} named {@code 01-<name>.<ext>}, ...; the caller deletes it.
   *
   * @throws InvalidRequestException naming the photo that is not a JPEG, PNG or WEBP, or is a URL
   */
  public static Path zip(List<ImageInput> photos) {
    for (int i = 0; i < photos.size(); i++) check(photos.get(i), i);
    Path zip;
    try {
      zip = Files.createTempFile("pictor-training-", ".zip");
    } catch (IOException e) {
      throw new UncheckedIOException("creating a temporary zip for the training photos", e);
    }
    try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
      for (int i = 0; i < photos.size(); i++) {
        ImageInput photo = photos.get(i);
        out.putNextEntry(new ZipEntry(entryName(photo, i)));
        try (InputStream in = photo.openStream()) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    } catch (IOException e) {
      deleteQuietly(zip);
      throw new UncheckedIOException("zipping the training photos", e);
    }
    return zip;
  }

  public static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a temporary file; the OS cleans its temp directory
    }
  }

  private static void check(ImageInput photo, int i) {
    String field = "photos[" + i + "]";
    if (!photo.isLocal()) {
      throw new InvalidRequestException(field, field + " is a URL; training photos must be files or bytes (or use photosZipUrl)");
    }
    try {
      ImageInfo info = photo.probe();
      if (info == null || !info.format().isSupportedInput()) {
        throw new InvalidRequestException(field, field + " (" + photo.name() + ") is not a JPEG, PNG or WEBP image");
      }
    } catch (IOException e) {
      throw new InvalidRequestException(field, field + " (" + photo.name() + ") cannot be read: " + e.getMessage(),
          Settings.PROVIDER, e);
    }
  }

  static String entryName(ImageInput photo, int i) throws IOException {
    String ext = photo.probe().format().extension();
    String base = photo.name() == null ? "photo" : photo.name().replaceAll("\\.[A-Za-z0-9]{1,5}$", "");
    base = base.replaceAll("[^A-Za-z0-9_-]", "_");
    if (base.isEmpty()) base = "photo";
    return String.format(Locale.ROOT, "%02d-%s.%s", i + 1, base, ext);
  }
}
