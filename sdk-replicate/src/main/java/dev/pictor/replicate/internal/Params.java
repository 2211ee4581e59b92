package dev.pictor.replicate.internal;

import dev.pictor.ParameterSpec;

/** Short factories for the catalogue's parameter specs. Stateless. */
final class Params {
  /** Replicate's seeds are 32-bit signed integers (ideogram documents the cap; the others agree). */
  static final long MAX_SEED = 2_147_483_647L;

  private Params() {}

  static ParameterSpec seed() {
    return ParameterSpec.integer("seed", 0, MAX_SEED).withDescription("random when omitted");
  }

  static ParameterSpec integer(String name, long min, long max, long def) {
    return ParameterSpec.integer(name, min, max).withDefault(def);
  }

  static ParameterSpec number(String name, double min, double max, double def) {
    return ParameterSpec.number(name, min, max).withDefault(def);
  }

  static ParameterSpec bool(String name, boolean def) {
    return ParameterSpec.bool(name).withDefault(def);
  }

  /** A choice whose first value is the default. */
  static ParameterSpec choice(String name, String def, String... values) {
    return ParameterSpec.choice(name, values).withDefault(def);
  }

  static ParameterSpec text(String name, String def) {
    ParameterSpec p = ParameterSpec.string(name);
    return def == null ? p : p.withDefault(def);
  }

  static ParameterSpec format(String def, String... values) {
    return choice("output_format", def, values);
  }
}
