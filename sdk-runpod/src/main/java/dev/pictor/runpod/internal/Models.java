package dev.pictor.runpod.internal;

import dev.pictor.CommonParameter;
import dev.pictor.ModelCatalog;
import dev.pictor.ModelSpec;
import dev.pictor.ParameterSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One provider's models: the catalogue with the host's endpoint overrides applied (its own deployment
 * of a catalogue model, or a model id for an endpoint of its own), and raw endpoint ids resolved to
 * a spec that passes parameters through. Immutable and thread-safe.
 */
public final class Models {
  /** What a RunPod endpoint id looks like: {@code black-forest-labs-flux-1-kontext-dev}, {@code 8fa3ly2xkq0s1c}. */
  private static final Pattern ENDPOINT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

  /** How a model's request is written: its endpoint, size style and how large an image may go inline. */
  public record Entry(ModelSpec spec, String endpointId, boolean sizeAsStar, long inlineMaxBytes) {}

  private final Map<String, Entry> byId = new LinkedHashMap<>();
  private final Map<String, Long> inline;
  private final ModelCatalog catalog;

  /**
   * @param endpoints model id to endpoint id, from the builder: overrides a catalogue model's endpoint or adds a model
   * @param inline model or endpoint id to the largest image sent inline as base64, from the builder
   */
  public Models(Map<String, String> endpoints, Map<String, Long> inline) {
    this.inline = Map.copyOf(inline);
    String kontextEndpoint = endpoints.getOrDefault(Catalogue.KONTEXT, Catalogue.KONTEXT_ENDPOINT);
    List<ModelSpec> specs = new ArrayList<>();
    for (ModelSpec s : Catalogue.specs()) {
      // The preset follows a host's own Kontext deployment unless it is given one of its own.
      String fallback = s.id().equals(Catalogue.PRODUCT) ? kontextEndpoint : s.providerRef();
      String endpoint = endpoints.getOrDefault(s.id(), fallback);
      specs.add(endpoint.equals(s.providerRef()) ? s : copy(s, endpoint));
    }
    for (Map.Entry<String, String> e : endpoints.entrySet()) {
      if (specs.stream().noneMatch(s -> s.id().equals(e.getKey()))) specs.add(Catalogue.generic(e.getKey(), e.getValue()));
    }
    for (ModelSpec s : specs) byId.put(s.id(), entry(s));
    this.catalog = ModelCatalog.of(Settings.PROVIDER, specs);
  }

  public ModelCatalog catalog() {
    return catalog;
  }

  /**
   * A model id; else an endpoint id a catalogue model runs on (its first such model, so the endpoint
   * keeps its typed parameters); else any other well-formed endpoint id, unless it is one or two
   * letters away from a model id (a typo, which the core then reports with the closest ids).
   */
  public Optional<ModelSpec> resolve(String name) {
    if (name == null || name.isBlank()) return Optional.empty();
    Entry known = byId.get(name);
    if (known != null) return Optional.of(known.spec());
    for (Entry e : byId.values()) {
      if (e.endpointId().equals(name)) return Optional.of(e.spec());
    }
    if (!ENDPOINT_ID.matcher(name).matches()) return Optional.empty();
    for (String id : byId.keySet()) {
      if (distance(id, name) <= 2) return Optional.empty();
    }
    return Optional.of(Catalogue.generic(name, name));
  }

  /** How to write a request for {@code spec}; an entry for a raw endpoint when the spec is not one of ours. */
  public Entry entryFor(ModelSpec spec) {
    Entry e = byId.get(spec.id());
    if (e != null && e.endpointId().equals(spec.providerRef())) return e;
    return entry(spec);
  }

  /** The endpoint a model id or endpoint id names. */
  public Optional<String> endpointFor(String modelOrEndpoint) {
    return resolve(modelOrEndpoint).map(ModelSpec::providerRef);
  }

  private Entry entry(ModelSpec s) {
    String endpoint = s.providerRef();
    long max = inline.getOrDefault(s.id(), inline.getOrDefault(endpoint, 0L));
    return new Entry(s, endpoint, Catalogue.sizeAsStar(s.id()), max);
  }

  /** {@code spec} on another endpoint, with every parameter and binding kept. */
  static ModelSpec copy(ModelSpec s, String endpointId) {
    ModelSpec.Builder b = ModelSpec.builder(s.id(), endpointId)
        .inputImages(s.minInputImages(), s.maxInputImages())
        .maxPromptLength(s.maxPromptLength())
        .promptRequired(s.promptRequired())
        .maxInputBytes(s.maxInputBytes());
    s.actions().forEach(a -> b.actions(a));
    s.description().ifPresent(d -> b.description(d + " (on endpoint " + endpointId + ")"));
    s.pricePerImage().ifPresent(b::price);
    if (s.acceptsUnknownParameters()) b.acceptUnknownParameters();
    Map<String, CommonParameter> bound = new HashMap<>();
    for (CommonParameter c : CommonParameter.values()) s.binding(c).ifPresent(name -> bound.put(name, c));
    for (ParameterSpec p : s.parameters().values()) {
      CommonParameter c = bound.get(p.name());
      if (c == null) b.parameter(p);
      else b.parameter(p, c);
    }
    return b.build();
  }

  /** Levenshtein distance, case-insensitive. */
  static int distance(String a, String b) {
    a = a.toLowerCase(Locale.ROOT);
    b = b.toLowerCase(Locale.ROOT);
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
