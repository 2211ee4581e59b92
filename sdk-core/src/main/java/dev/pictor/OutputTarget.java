package dev.pictor;

/**
 * What an {@link OutputSink} knows about an output it is asked to write: the job, the image's index,
 * its owner and batch (for per-owner folders), and its format as sniffed from the first bytes.
 *
 * <p>Immutable and thread-safe.
 */
public record OutputTarget(String jobId, int index, String owner, String batchId, String model, ImageFormat format) {}
