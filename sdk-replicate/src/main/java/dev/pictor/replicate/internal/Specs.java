package dev.pictor.replicate.internal;

import dev.pictor.CommonParameter;
import dev.pictor.ModelSpec;
import dev.pictor.ParameterSpec;
import java.util.HashMap;
import java.util.Map;

/** Copies of model specs under another id and provider reference (a catalogue model at a pinned version). */
final class Specs {
  private Specs() {}

  static ModelSpec copy(ModelSpec s, String id, String providerRef) {
    ModelSpec.Builder b = ModelSpec.builder(id, providerRef)
        .inputImages(s.minInputImages(), s.maxInputImages())
        .maxPromptLength(s.maxPromptLength())
        .promptRequired(s.promptRequired())
        .maxInputBytes(s.maxInputBytes());
    s.actions().forEach(a -> b.actions(a));
    s.description().ifPresent(b::description);
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
}
