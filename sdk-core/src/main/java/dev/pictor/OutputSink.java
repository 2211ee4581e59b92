package dev.pictor;

import dev.pictor.internal.FileOutputSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where downloaded output images go. Pictor streams each output into {@link #write} as it arrives,
 * never holding a whole image in memory; the stream ends with an {@link IOException} when the image
 * passes the client's size cap, and the sink must then leave nothing behind.
 *
 * <p>The default, {@link #files(Path, String)}, writes files under a layout such as
 * {@code {owner}/{batch}/{job}-{n}.{ext}}, each under a temporary name renamed into place only when
 * complete. A host application can plug in its own media library instead. Implementations must be
 * thread-safe.
 *
 * <pre>{@code
 * GenerationClient client = GenerationClient.builder()
 *     .provider(provider)
 *     .outputs(OutputSink.files(Path.of("media"), "{owner}/{job}-{n}.{ext}"))
 *     .build();
 * }</pre>
 */
public interface OutputSink {
  /** The default layout: {@code {owner}/{batch}/{job}-{n}.{ext}}, empty segments dropped. */
  String DEFAULT_LAYOUT = "{owner}/{batch}/{job}-{n}.{ext}";

  /**
   * Stores one output and returns where it is. The stream is closed by the caller.
   *
   * @throws IOException when the stream fails or the output cannot be stored; nothing partial may remain
   */
  StoredOutput write(OutputTarget target, InputStream data) throws IOException;

  /** Opens a stored output for reading. */
  InputStream open(StoredOutput output) throws IOException;

  /** Deletes a stored output; a missing one is not an error. */
  void delete(StoredOutput output) throws IOException;

  /**
   * Files under {@code root} following {@code layout}, whose placeholders are {@code {owner}},
   * {@code {batch}}, {@code {job}}, {@code {model}}, {@code {n}} (1-based) and {@code {ext}} (from the
   * bytes received). Empty placeholders drop their path segment.
   */
  static OutputSink files(Path root, String layout) {
    return new FileOutputSink(root, layout);
  }

  /** Files under {@code root} with {@link #DEFAULT_LAYOUT}. */
  static OutputSink files(Path root) {
    return new FileOutputSink(root, DEFAULT_LAYOUT);
  }
}
