package dev.pictor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models one provider offers, by id. Immutable and thread-safe. {@link #require} fails with an
 * {@link InvalidRequestException} that lists the closest known ids.
 */
public final class ModelCatalog {
  private final String provider;
  private final Map<String, ModelSpec> models;

  private ModelCatalog(String provider, Map<String, ModelSpec> models) {
    this.provider = provider;
    this.models = models;
  }

  /** A catalogue of {@code specs}; ids must be unique. */
  public static ModelCatalog of(String provider, Collection<ModelSpec> specs) {
    Map<String, ModelSpec> map = new LinkedHashMap<>();
    for (ModelSpec s : specs) {
      if (map.put(s.id(), s) != null) throw new IllegalArgumentException("duplicate model id " + s.id());
    }
    return new ModelCatalog(provider, java.util.Collections.unmodifiableMap(map));
  }

  public String provider() {
    return provider;
  }

  public Collection<ModelSpec> models() {
    return models.values();
  }

  public Optional<ModelSpec> find(String id) {
    return Optional.ofNullable(models.get(id));
  }

  /** The model, or an {@link InvalidRequestException} naming up to three closest ids. */
  public ModelSpec require(String id) {
    ModelSpec spec = models.get(id);
    if (spec != null) return spec;
    List<String> ids = new ArrayList<>(models.keySet());
    ids.sort(Comparator.comparingInt((String k) -> distance(k, id)).thenComparing(k -> k));
    List<String> closest = ids.subList(0, Math.min(3, ids.size()));
    throw new InvalidRequestException("model", "unknown model '" + id + "' for provider " + provider
        + (closest.isEmpty() ? "" : "; closest known: " + String.join(", ", closest)));
  }

  /** Levenshtein distance, case-insensitive. */
  static int distance(String a, String b) {
    a = a.toLowerCase(java.util.Locale.ROOT);
    b = b.toLowerCase(java.util.Locale.ROOT);
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
