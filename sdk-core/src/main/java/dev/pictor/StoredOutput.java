package dev.pictor;

/**
 * Where an {@link OutputSink} put one output image: its index in the job, the sink's location (a file
 * path for the default sink), its media type as sniffed from the bytes, and its size.
 *
 * <p>Immutable and thread-safe.
 */
public record StoredOutput(int index, String location, String contentType, long size) {}
