package dev.pictor.runpod.internal;

import dev.pictor.GenerationException;
import dev.pictor.ImageInfo;
import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import dev.pictor.ProviderException;
import dev.pictor.spi.InputUploader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Turns input images into the values RunPod's endpoints take: a URL input as it is; a local image
 * inline as a base64 {@code data:} URI where the host said its endpoint takes one and the image is
 * small enough; otherwise uploaded through the host's {@link InputUploader}, which answers a URL.
 * With neither, the request fails before any network call, saying what to configure. An uploaded
 * image's URL is remembered for the job, so a submit the core sends again (after a 429, say) does
 * not upload it again. Thread-safe.
 */
public final class Inputs {
  /** Uploaded URLs remembered, the least recently used forgotten first. */
  static final int REMEMBERED = 4096;

  private final InputUploader uploader;
  private final Map<String, String> uploaded = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > REMEMBERED;
    }
  });

  public Inputs(InputUploader uploader) {
    this.uploader = uploader;
  }

  /** How one image is sent: as this value, or after an upload. */
  private record Step(String value, ImageInput upload) {}

  /**
   * The value for each image, in order. Every image is checked before anything starts, so a missing
   * uploader fails the request before the first upload; uploads then run at once, concurrently.
   */
  public CompletableFuture<List<String>> encode(Op<?> op, String jobId, List<ImageInput> images, Models.Entry entry) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      String known = uploaded.get(jobId + "#" + i);
      steps.add(known != null ? new Step(known, null) : plan(i, images.get(i), entry));
    }
    List<CompletableFuture<String>> values = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      values.add(s.upload() == null ? CompletableFuture.completedFuture(s.value()) : upload(op, i, s.upload(), jobId));
    }
    return CompletableFuture.allOf(values.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
      List<String> out = new ArrayList<>(values.size());
      for (CompletableFuture<String> f : values) out.add(f.join());
      return out;
    });
  }

  private Step plan(int i, ImageInput in, Models.Entry entry) {
    if (in.url().isPresent()) return new Step(in.url().get().toString(), null);
    long size;
    String type;
    try {
      size = in.size();
      ImageInfo info = in.probe();
      type = info == null ? "application/octet-stream" : info.format().mediaType();
    } catch (IOException e) {
      throw unreadable(i, in, e);
    }
    if (size <= entry.inlineMaxBytes()) return new Step("data:" + type + ";base64," + Base64.getEncoder().encodeToString(read(i, in)), null);
    if (uploader != null) return new Step(null, in);
    String inlineNote = entry.inlineMaxBytes() > 0
        ? " (it is " + size + " bytes; inline base64 is configured for this endpoint up to " + entry.inlineMaxBytes() + " bytes)"
        : "";
    throw new InvalidRequestException(field(i), field(i) + " (" + in.name() + ") is a local image, but endpoint "
        + entry.endpointId() + " takes an image URL" + inlineNote + ": configure RunPodProvider.builder().inputUploader(...)"
        + " so that your storage or CDN returns a URL for it, or pass ImageInput.ofUrl(...)", Settings.PROVIDER, null);
  }

  private CompletableFuture<String> upload(Op<?> op, int i, ImageInput in, String jobId) {
    CompletableFuture<URI> f;
    try {
      f = uploader.upload(in, jobId);
      if (f == null) throw new IllegalStateException("the InputUploader returned null instead of a future");
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    return op.track(f).handle((uri, e) -> {
      if (e != null) throw new CompletionException(uploadFailed(i, in, Op.unwrap(e)));
      String scheme = uri == null ? null : uri.getScheme();
      if (scheme == null || !(scheme.toLowerCase(Locale.ROOT).equals("http") || scheme.toLowerCase(Locale.ROOT).equals("https"))) {
        throw new InvalidRequestException(field(i), "the InputUploader answered '" + uri + "' for " + field(i) + " (" + in.name()
            + "); RunPod's workers fetch inputs by http or https URL", Settings.PROVIDER, null);
      }
      uploaded.put(jobId + "#" + i, uri.toString());
      return uri.toString();
    });
  }

  /** An upload that failed: nothing reached RunPod, so the create may be sent again. */
  private static Throwable uploadFailed(int i, ImageInput in, Throwable cause) {
    if (cause instanceof GenerationException || cause instanceof java.util.concurrent.CancellationException) {
      return dev.pictor.spi.ProviderHttp.beforeCreate(cause);
    }
    return new ProviderException(Settings.PROVIDER + ": the InputUploader failed for " + field(i) + " (" + in.name() + "): "
        + cause, Settings.PROVIDER, 0, "upload", null, ProviderException.Reach.NOT_REACHED, cause);
  }

  private static byte[] read(int i, ImageInput in) {
    try (InputStream s = in.openStream()) {
      return s.readAllBytes();
    } catch (IOException e) {
      throw unreadable(i, in, e);
    }
  }

  private static InvalidRequestException unreadable(int i, ImageInput in, IOException e) {
    return new InvalidRequestException(field(i), field(i) + " (" + in.name() + ") cannot be read: " + e.getMessage(),
        Settings.PROVIDER, e);
  }

  private static String field(int i) {
    return "images[" + i + "]";
  }
}
