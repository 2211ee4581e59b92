package dev.pictor.jdbc.internal;

import java.util.regex.Pattern;

/**
 * The names of a store's tables, all starting with one prefix. Names go into SQL text (identifiers
 * cannot be bind parameters), so the prefix is checked to be a plain lowercase identifier; values
 * never go into SQL text.
 */
public final class Tables {
  public static final String DEFAULT_PREFIX = "pictor_";
  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,29}");

  private final String prefix;

  public Tables(String prefix) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      String got = prefix == null ? "null" : "\"" + prefix + "\"";
      throw new IllegalArgumentException("table prefix must be a lowercase letter followed by up to 29 lowercase"
          + " letters, digits or underscores, such as \"pictor_\"; got " + got);
    }
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  public String records() {
    return prefix + "records";
  }

  public String tags() {
    return prefix + "record_tags";
  }

  public String schemaVersion() {
    return prefix + "schema_version";
  }

  /** {@code template} with every {@code ${prefix}} replaced by the prefix. */
  public String sql(String template) {
    return template.replace("${prefix}", prefix);
  }

  @Override
  public String toString() {
    return prefix + "*";
  }
}
