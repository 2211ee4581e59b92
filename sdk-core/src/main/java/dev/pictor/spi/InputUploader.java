package dev.pictor.spi;

import dev.pictor.ImageInput;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a local input image into a URL a provider can fetch: the host application's own storage or
 * CDN. Providers whose endpoints take only image URLs (RunPod's public endpoints) use it for files
 * and bytes; a provider with an upload API of its own (Replicate's {@code /v1/files}) does not need
 * one. Implementations must be thread-safe; the URL must stay readable until the job has ended.
 *
 * <pre>{@code
 * InputUploader s3 = (image, jobId) -> CompletableFuture.supplyAsync(() -> myBucket.put(jobId + "/" + image.name(), image));
 * RunPodProvider runpod = RunPodProvider.builder().apiKey(key).inputUploader(s3).build();
 * }</pre>
 */
@FunctionalInterface
public interface InputUploader {
  /** Uploads {@code image} (a file or bytes) for job {@code jobId} and completes with its URL. */
  CompletableFuture<URI> upload(ImageInput image, String jobId);
}
