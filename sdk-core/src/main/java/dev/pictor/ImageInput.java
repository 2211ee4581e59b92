package dev.pictor;

import dev.pictor.internal.ImageHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * An input image for an edit, upscale or background removal: a file, bytes, a stream (read once,
 * into memory, when the input is made), a URL the provider fetches itself, or an output of an
 * earlier job ({@link #fromJob}, resolved by the client when the request is submitted). Immutable
 * and thread-safe.
 *
 * <p>Files and bytes are checked before any network call: format by magic bytes (JPEG, PNG, WEBP),
 * size, dimensions read from the header only (at most {@link #MAX_PIXELS}), and that the file is
 * whole (a PNG reaches its {@code IEND} chunk, a JPEG its end-of-image marker, a WEBP the length its
 * RIFF header declares). Nothing is decoded, so a header declaring a huge size costs nothing. A URL
 * is checked for its syntax only.
 *
 * <pre>{@code
 * ImageInput photo = ImageInput.of(Path.of("shoe.jpg"));
 * ImageInput remote = ImageInput.ofUrl("https://cdn.example.com/bag.png");
 * }</pre>
 */
public final class ImageInput {
  /** Streams larger than this are refused when read into memory. */
  static final long MAX_STREAM_BYTES = 100L * 1024 * 1024;

  /**
   * The most pixels an input image's header may declare: 16384 x 16384 (268,435,456). Larger
   * images are refused before any network call; decoding one would take gigabytes at the provider or
   * in any tool that opens it. The same cap applies to the outputs a client downloads.
   */
  public static final long MAX_PIXELS = 16_384L * 16_384L;

  private final Path path;
  private final byte[] bytes;
  private final URI url;
  private final String name;
  private final String sourceJob;
  private final int sourceIndex;

  private ImageInput(Path path, byte[] bytes, URI url, String name) {
    this(path, bytes, url, name, null, 0);
  }

  private ImageInput(Path path, byte[] bytes, URI url, String name, String sourceJob, int sourceIndex) {
    this.path = path;
    this.bytes = bytes;
    this.url = url;
    this.name = name;
    this.sourceJob = sourceJob;
    this.sourceIndex = sourceIndex;
  }

  /**
   * Output {@code n} (from 0) of an earlier job, as an image picked "from generation history". The
   * client resolves it when the request is validated or submitted: the job must exist, have
   * succeeded and have that output, or the request fails naming what is missing.
   */
  public static ImageInput fromJob(String jobId, int n) {
    Objects.requireNonNull(jobId, "jobId == null");
    if (jobId.isBlank()) throw new InvalidRequestException("images", "fromJob needs a job id; got a blank one");
    if (n < 0) throw new InvalidRequestException("images", "fromJob output index must be 0 or more; got " + n);
    return new ImageInput(null, null, null, jobId + "#" + n, jobId, n);
  }

  /** The job whose output this input is, until the client resolves it; see {@link #fromJob}. */
  public Optional<String> sourceJob() {
    return Optional.ofNullable(sourceJob);
  }

  /** The index of the output in {@link #sourceJob()}, from 0. */
  public int sourceIndex() {
    return sourceIndex;
  }

  /** An image file. It is read when the request is validated and again when it is sent. */
  public static ImageInput of(Path file) {
    Objects.requireNonNull(file, "file == null");
    return new ImageInput(file, null, null, file.getFileName() == null ? file.toString() : file.getFileName().toString());
  }

  /** Image bytes; the array is copied. */
  public static ImageInput of(byte[] bytes, String name) {
    Objects.requireNonNull(bytes, "bytes == null");
    return new ImageInput(null, bytes.clone(), null, name == null ? "image" : name);
  }

  /** Reads {@code stream} to its end now (up to 100 MB) and closes it. */
  public static ImageInput of(InputStream stream, String name) {
    Objects.requireNonNull(stream, "stream == null");
    try (InputStream in = stream) {
      byte[] data = in.readNBytes((int) MAX_STREAM_BYTES + 1);
      if (data.length > MAX_STREAM_BYTES) {
        throw new InvalidRequestException("images", "input stream '" + name + "' is larger than 100 MB");
      }
      return new ImageInput(null, data, null, name == null ? "image" : name);
    } catch (IOException e) {
      throw new UncheckedIOException("reading input image stream " + name, e);
    }
  }

  /** An image the provider downloads itself; must be {@code http} or {@code https}. */
  public static ImageInput ofUrl(String url) {
    Objects.requireNonNull(url, "url == null");
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("images", "'" + url + "' is not a valid URL: " + e.getMessage());
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null) {
      throw new InvalidRequestException("images", "image URL '" + url + "' must be http or https with a host");
    }
    String p = uri.getPath() == null ? "" : uri.getPath();
    return new ImageInput(null, null, uri, p.isEmpty() ? uri.getHost() : p.substring(p.lastIndexOf('/') + 1));
  }

  /** A short name for messages and manifests: the file name, the given name, or the URL's last segment. */
  public String name() {
    return name;
  }

  /** The file, when the image is one. */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  /** The URL, when the provider is to fetch the image itself. */
  public Optional<URI> url() {
    return Optional.ofNullable(url);
  }

  /** Whether the image's bytes are local (a file or bytes), as opposed to a URL. */
  public boolean isLocal() {
    return url == null && sourceJob == null;
  }

  /** Opens the image's bytes. Not available for URL inputs. */
  public InputStream openStream() throws IOException {
    if (path != null) return Files.newInputStream(path);
    if (bytes != null) return new ByteArrayInputStream(bytes);
    if (sourceJob != null) throw new IllegalStateException("input " + name + " is a job's output; the client resolves it first");
    throw new IllegalStateException("URL input " + url + " has no local bytes");
  }

  /** The size in bytes, or {@code -1} for a URL. */
  public long size() throws IOException {
    if (path != null) return Files.size(path);
    if (bytes != null) return bytes.length;
    return -1;
  }

  /** Format and dimensions from the header only; {@code null} for a URL. */
  public ImageInfo probe() throws IOException {
    if (url != null || sourceJob != null) return null;
    try (InputStream in = openStream()) {
      return ImageHeaders.read(in);
    }
  }

  @Override
  public String toString() {
    if (path != null) return "ImageInput{file=" + path + "}";
    if (bytes != null) return "ImageInput{" + name + ", " + bytes.length + " bytes}";
    if (sourceJob != null) return "ImageInput{job=" + sourceJob + ", output=" + sourceIndex + "}";
    return "ImageInput{url=" + url.getScheme() + "://" + url.getHost() + url.getPath() + "}";
  }
}
