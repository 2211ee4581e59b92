package dev.pictor.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Runs the command line in-process with captured output, a given environment and no terminal. */
record CliRun(int code, String out, String err) {
  static CliRun of(String... args) {
    return withEnv(Map.of(), args);
  }

  static CliRun withEnv(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      int code = Main.run(args, new Context(o, e, env, false));
      return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
  }

  /** Standard error's lines, without the trailing empty one. */
  List<String> errLines() {
    return err.lines().toList();
  }
}
