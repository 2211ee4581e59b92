package dev.pictor.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * What one run of the command line talks to: its output streams, the environment it reads tokens
 * from, and whether a person is watching a terminal (which alone enables the progress bar).
 */
record Context(PrintStream out, PrintStream err, Map<String, String> env, boolean terminal) {
  Context {
    Objects.requireNonNull(out, "out == null");
    Objects.requireNonNull(err, "err == null");
    env = Map.copyOf(env);
  }

  /** The variable's value, or null when unset or blank. */
  String envValue(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v;
  }
}
