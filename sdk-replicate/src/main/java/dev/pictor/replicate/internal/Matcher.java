package dev.pictor.replicate.internal;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a listed prediction is the one an ambiguous create made: the same model (or
 * version, or deployment) and the same echoed input, where image fields only need to be present
 * (their data URIs or upload URLs differ from send to send). Immutable.
 */
final class Matcher {
  /** How sure a comparison is. */
  enum Verdict { MATCH, NO, UNSURE }

  private final Target target;
  private final Map<String, Object> expected;
  private final Set<String> imageFields;

  Matcher(Target target, Map<String, Object> expected, Set<String> imageFields) {
    this.target = target;
    this.expected = expected;
    this.imageFields = imageFields;
  }

  Verdict judge(Map<String, Object> prediction) {
    Verdict identity = identity(prediction);
    if (identity == Verdict.NO) return Verdict.NO;
    Map<String, Object> input = Json.object(prediction, "input");
    if (input == null) return Verdict.UNSURE; // removed (data_removed) or not listed: cannot tell
    for (Map.Entry<String, Object> e : expected.entrySet()) {
      Object echoed = input.get(e.getKey());
      if (imageFields.contains(e.getKey())) {
        if (echoed == null || !sameShape(e.getValue(), echoed)) return Verdict.NO;
      } else if (!same(e.getValue(), echoed)) {
        return Verdict.NO;
      }
    }
    return identity;
  }

  /** Whether the input can only be judged after reading the prediction itself. */
  boolean needsDetail(Map<String, Object> prediction) {
    return identity(prediction) != Verdict.NO && Json.object(prediction, "input") == null
        && !Boolean.TRUE.equals(prediction.get("data_removed"));
  }

  private Verdict identity(Map<String, Object> p) {
    String model = Json.string(p, "model");
    String version = Json.string(p, "version");
    switch (target.kind()) {
      case DEPLOYMENT: {
        String deployment = Json.string(p, "deployment");
        if (deployment == null) return Verdict.UNSURE;
        return deployment.equalsIgnoreCase(target.deployment()) ? Verdict.MATCH : Verdict.NO;
      }
      case VERSION:
        if (version != null) return version.equals(target.version()) ? Verdict.MATCH : Verdict.NO;
        if (target.model() == null || model == null) return Verdict.UNSURE;
        return model.equalsIgnoreCase(target.model()) ? Verdict.UNSURE : Verdict.NO;
      default:
        if (model == null) return Verdict.UNSURE;
        return model.toLowerCase(Locale.ROOT).equals(target.model().toLowerCase(Locale.ROOT)) ? Verdict.MATCH : Verdict.NO;
    }
  }

  private static boolean sameShape(Object sent, Object echoed) {
    if (sent instanceof List) return echoed instanceof List && ((List<?>) echoed).size() == ((List<?>) sent).size();
    return !(echoed instanceof List);
  }

  static boolean same(Object a, Object b) {
    if (a instanceof Number && b instanceof Number) {
      return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
    }
    if (a instanceof List && b instanceof List) {
      List<?> x = (List<?>) a;
      List<?> y = (List<?>) b;
      if (x.size() != y.size()) return false;
      for (int i = 0; i < x.size(); i++) if (!same(x.get(i), y.get(i))) return false;
      return true;
    }
    if (a instanceof Map && b instanceof Map) {
      Map<?, ?> x = (Map<?, ?>) a;
      Map<?, ?> y = (Map<?, ?>) b;
      if (!x.keySet().equals(y.keySet())) return false;
      for (Object k : x.keySet()) if (!same(x.get(k), y.get(k))) return false;
      return true;
    }
    return Objects.equals(a, b);
  }
}
