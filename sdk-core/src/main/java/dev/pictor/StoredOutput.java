package dev.pictor;

import java.util.Map;
import java.util.Objects;

/**
 * Where an {@link OutputSink} put one output image: its index in the job, the sink's location (a file
 * path for the default sink), its media type as sniffed from the bytes, its size, and what the
 * provider said about how it was made ({@link #metadata()}, such as a crop to an aspect ratio).
 *
 * <p>Immutable and thread-safe.
 */
public record StoredOutput(int index, String location, String contentType, long size, Map<String, String> metadata) {
  public StoredOutput {
    Objects.requireNonNull(location, "location == null");
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** An output without metadata: what a sink returns. */
  public StoredOutput(int index, String location, String contentType, long size) {
    this(index, location, contentType, size, Map.of());
  }

  /** A copy with the provider's facts about the image. */
  public StoredOutput withMetadata(Map<String, String> metadata) {
    return new StoredOutput(index, location, contentType, size, metadata);
  }
}
