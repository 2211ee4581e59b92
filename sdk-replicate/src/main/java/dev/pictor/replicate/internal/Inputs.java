package dev.pictor.replicate.internal;

import dev.pictor.ImageInfo;
import dev.pictor.ImageInput;
import dev.pictor.InvalidRequestException;
import dev.pictor.spi.ProviderCall;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okhttp3.MediaType;
import okhttp3.RequestBody;

/**
 * Turns input images into values Replicate accepts: a URL input as it is; a local image of at most
 * 256 KB inline as a data URI while the request's inline total stays under the cap (10,000,000
 * characters, as the JS client enforces); anything larger uploaded through {@code /files} and passed
 * by URL. Thread-safe.
 */
public final class Inputs {
  /** Replicate's advice: data URIs only for files up to 256 KB. */
  public static final long INLINE_MAX_BYTES = 256 * 1024;
  /** The combined size of inline data URIs in one request. */
  public static final long INLINE_TOTAL_MAX = 10_000_000;

  private final Uploads files;
  private final long inlineMax;
  private final long inlineTotalMax;

  public Inputs(Uploads files) {
    this(files, INLINE_MAX_BYTES, INLINE_TOTAL_MAX);
  }

  public Inputs(Uploads files, long inlineMax, long inlineTotalMax) {
    this.files = files;
    this.inlineMax = inlineMax;
    this.inlineTotalMax = inlineTotalMax;
  }

  /** The value for each image, in order; uploads run at once, concurrently. */
  public CompletableFuture<List<String>> encode(ProviderCall call, Op<?> op, List<ImageInput> images) {
    List<CompletableFuture<String>> values = new ArrayList<>();
    long inlineTotal = 0;
    for (int i = 0; i < images.size(); i++) {
      ImageInput in = images.get(i);
      if (in.url().isPresent()) {
        values.add(CompletableFuture.completedFuture(in.url().get().toString()));
        continue;
      }
      long size;
      String type;
      try {
        size = in.size();
        ImageInfo info = in.probe();
        type = info == null ? "application/octet-stream" : info.format().mediaType();
      } catch (IOException e) {
        throw new InvalidRequestException("images[" + i + "]", "images[" + i + "] (" + in.name() + ") cannot be read: "
            + e.getMessage(), Settings.PROVIDER, e);
      }
      long inline = DataUri.encodedLength(size, type);
      if (size <= inlineMax && inlineTotal + inline <= inlineTotalMax) {
        inlineTotal += inline;
        values.add(CompletableFuture.completedFuture(DataUri.encode(read(in, i), type)));
      } else {
        values.add(files.upload(call, op, body(in, i, type), uploadName(in, i, type), type));
      }
    }
    return CompletableFuture.allOf(values.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
      List<String> out = new ArrayList<>(values.size());
      for (CompletableFuture<String> f : values) out.add(f.join());
      return out;
    });
  }

  private static RequestBody body(ImageInput in, int i, String type) {
    MediaType mt = MediaType.get(type);
    if (in.path().isPresent()) return RequestBody.create(in.path().get().toFile(), mt);
    return RequestBody.create(read(in, i), mt);
  }

  private static byte[] read(ImageInput in, int i) {
    try (InputStream s = in.openStream()) {
      return s.readAllBytes();
    } catch (IOException e) {
      throw new InvalidRequestException("images[" + i + "]", "images[" + i + "] (" + in.name() + ") cannot be read: "
          + e.getMessage(), Settings.PROVIDER, e);
    }
  }

  static String uploadName(ImageInput in, int i, String type) {
    String name = in.name() == null || in.name().isBlank() ? "image-" + (i + 1) : in.name();
    name = name.replaceAll("[^A-Za-z0-9._-]", "_");
    if (name.indexOf('.') < 0) name += "." + type.substring(type.indexOf('/') + 1).replace("jpeg", "jpg");
    return name.length() > 200 ? name.substring(name.length() - 200) : name;
  }
}
