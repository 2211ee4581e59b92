package dev.pictor.jdbc.internal;

import dev.pictor.jdbc.JdbcDialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ordered schema steps of each dialect, read from {@code migrations/<dialect>/V<n>.sql} next to
 * this class: {@code V1.sql}, {@code V2.sql}, ... with no gaps. A file starts with a {@code --}
 * comment line that describes it; statements end with {@code ;} at the end of a line; {@code ${prefix}}
 * stands for the table prefix.
 *
 * <p>Rules for a new step: add it for every dialect with the same number; never edit a released one;
 * H2 steps must be idempotent ({@code IF NOT EXISTS}, {@code IF EXISTS}, updates that can run twice),
 * because H2 instances starting at once may both run a step (see {@link Migrator}).
 */
public final class Migrations {
  /** One step: its version, what it does, and its statements (with {@code ${prefix}} in them). */
  public record Step(int version, String description, List<String> statements) {}

  private static final Map<JdbcDialect, List<Step>> STEPS = new ConcurrentHashMap<>();

  private Migrations() {}

  /** The steps of {@code dialect}, oldest first. */
  public static List<Step> of(JdbcDialect dialect) {
    return STEPS.computeIfAbsent(dialect, Migrations::load);
  }

  /** The newest schema version this release knows. */
  public static int latest(JdbcDialect dialect) {
    return of(dialect).size();
  }

  private static List<Step> load(JdbcDialect dialect) {
    List<Step> steps = new ArrayList<>();
    for (int v = 1; ; v++) {
      String name = "migrations/" + dialect + "/V" + v + ".sql";
      try (InputStream in = Migrations.class.getResourceAsStream(name)) {
        if (in == null) return List.copyOf(steps);
        steps.add(parse(v, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + name, e);
      }
    }
  }

  static Step parse(int version, String text) {
    String description = null;
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--")) {
        if (description == null) description = trimmed.substring(2).strip();
        continue;
      }
      if (trimmed.isEmpty()) continue;
      current.append(current.length() == 0 ? "" : "\n").append(line.stripTrailing());
      if (trimmed.endsWith(";")) {
        statements.add(current.substring(0, current.length() - 1));
        current.setLength(0);
      }
    }
    if (current.length() > 0) throw new IllegalStateException("step V" + version + " ends without ';'");
    if (description == null) throw new IllegalStateException("step V" + version + " has no description comment");
    return new Step(version, description, List.copyOf(statements));
  }
}
