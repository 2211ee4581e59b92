package dev.pictor.replicate.internal;

import dev.pictor.ProviderException;
import dev.pictor.spi.ProviderCall;
import java.util.concurrent.CompletableFuture;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;

/**
 * Uploads through {@code POST /files} ({@code multipart/form-data}: {@code content} with the bytes,
 * {@code filename} and {@code type}) and answers the file's {@code urls.get}, which a prediction or
 * training input can then name. Thread-safe.
 */
public final class Uploads {
  private final Api api;

  public Uploads(Api api) {
    this.api = api;
  }

  /** Uploads {@code content} and completes with the URL to pass as an input. */
  public CompletableFuture<String> upload(ProviderCall call, Op<?> op, RequestBody content, String filename, String mediaType) {
    MultipartBody body = new MultipartBody.Builder().setType(MultipartBody.FORM)
        .addFormDataPart("content", filename, content)
        .addFormDataPart("filename", filename)
        .addFormDataPart("type", mediaType)
        .build();
    return api.json(call, op, call.http(), api.request(call, api.settings().url("files")).post(body).build(), false)
        .thenApply(file -> {
          String url = Json.string(Json.object(file, "urls"), "get");
          if (url == null) {
            throw new ProviderException(Settings.PROVIDER + " answered the upload of " + filename + " without urls.get",
                Settings.PROVIDER, 200, null, null, ProviderException.Reach.REACHED, null);
          }
          return url;
        });
  }
}
