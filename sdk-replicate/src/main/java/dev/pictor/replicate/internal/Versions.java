package dev.pictor.replicate.internal;

import dev.pictor.InvalidRequestException;
import dev.pictor.spi.ProviderCall;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Version ids of community models, looked up once per model and process with
 * {@code GET /models/{owner}/{name}} ({@code latest_version.id}), so every job of a batch runs the
 * same version. Also remembers models whose version-less endpoint answered 404. Thread-safe.
 */
public final class Versions {
  private final Api api;
  private final Map<String, String> latest = new ConcurrentHashMap<>();
  private final Set<String> notOfficial = ConcurrentHashMap.newKeySet();

  public Versions(Api api) {
    this.api = api;
  }

  /** The version to run for {@code ownerName}. */
  public CompletableFuture<String> latest(ProviderCall call, Op<?> op, String ownerName) {
    String key = ownerName.toLowerCase(Locale.ROOT);
    String known = latest.get(key);
    if (known != null) return CompletableFuture.completedFuture(known);
    return api.get(call, op, "models/" + ownerName).thenApply(model -> {
      String id = Json.string(Json.object(model, "latest_version"), "id");
      if (id == null) {
        throw new InvalidRequestException("model", "Replicate model " + ownerName
            + " has no version to run (latest_version is empty)", Settings.PROVIDER, null);
      }
      latest.putIfAbsent(key, id);
      return latest.get(key);
    });
  }

  public Optional<String> cached(String ownerName) {
    return Optional.ofNullable(latest.get(ownerName.toLowerCase(Locale.ROOT)));
  }

  /** Records that {@code ownerName} has no version-less endpoint (it answered 404). */
  public void markNotOfficial(String ownerName) {
    notOfficial.add(ownerName.toLowerCase(Locale.ROOT));
  }

  public boolean isNotOfficial(String ownerName) {
    return notOfficial.contains(ownerName.toLowerCase(Locale.ROOT));
  }
}
