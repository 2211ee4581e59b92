package dev.pictor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * One output image, already downloaded into the client's {@link OutputSink}. Thread-safe; reading it
 * never calls the provider.
 *
 * <pre>{@code
 * GeneratedImage image = result.images().get(0);
 * image.saveTo(Path.of("sunset." + image.format().extension()));
 * }</pre>
 */
public final class GeneratedImage {
  private final StoredOutput output;
  private final OutputSink sink;

  public GeneratedImage(StoredOutput output, OutputSink sink) {
    this.output = Objects.requireNonNull(output, "output == null");
    this.sink = Objects.requireNonNull(sink, "sink == null");
  }

  /** Where the sink stored it (a file path for the default sink). */
  public String location() {
    return output.location();
  }

  /** The media type of the bytes received, such as {@code image/png}. */
  public String contentType() {
    return output.contentType();
  }

  /** The format of the bytes received. */
  public ImageFormat format() {
    for (ImageFormat f : ImageFormat.values()) {
      if (f.mediaType().equals(output.contentType())) return f;
    }
    return ImageFormat.UNKNOWN;
  }

  /** The size in bytes. */
  public long size() {
    return output.size();
  }

  /** The position of this image among the job's outputs, from 0. */
  /**
   * What the provider said about how the image was made, such as {@code crop} when it was cut to
   * an aspect ratio the model cannot make ({@code 1024x1536>1024x1280}); empty when nothing.
   */
  public java.util.Map<String, String> metadata() {
    return output.metadata();
  }

  public int index() {
    return output.index();
  }

  /** Opens the stored image. The caller closes the stream. */
  public InputStream openStream() throws IOException {
    return sink.open(output);
  }

  /** Copies the image to {@code file}, replacing it; written under a temporary name first. */
  public Path saveTo(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Path tmp = Files.createTempFile(parent, ".pictor-", ".part");
      try (InputStream in = openStream()) {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("saving image to " + file, e);
    }
  }

  /** The stored output's description. */
  public StoredOutput stored() {
    return output;
  }

  @Override
  public String toString() {
    return "GeneratedImage{" + output.location() + ", " + output.contentType() + ", " + output.size() + " bytes}";
  }
}
