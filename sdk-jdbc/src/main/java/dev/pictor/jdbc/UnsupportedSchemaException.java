package dev.pictor.jdbc;

/**
 * The database holds a store schema newer than this release of {@code sdk-jdbc} knows: a newer
 * release migrated it. The store refuses it rather than write rows an older layout would corrupt;
 * upgrade {@code sdk-jdbc}, or give this instance its own tables with
 * {@link JdbcJobStore.Builder#tablePrefix(String)}.
 *
 * <p>Immutable once thrown and safe to pass between threads.
 */
public final class UnsupportedSchemaException extends JobStoreException {
  private static final long serialVersionUID = 1L;

  private final int found;
  private final int supported;

  /**
   * @param tables the tables' names, such as {@code pictor_*}
   * @param found the schema version in the database
   * @param supported the newest version this release knows
   */
  public UnsupportedSchemaException(String tables, int found, int supported) {
    super("open tables " + tables, "the tables " + tables + " are at schema version " + found
        + ", newer than this release of sdk-jdbc knows (" + supported + "); upgrade sdk-jdbc, or use another"
        + " table prefix", null);
    this.found = found;
    this.supported = supported;
  }

  /** The schema version in the database. */
  public int found() {
    return found;
  }

  /** The newest schema version this release knows. */
  public int supported() {
    return supported;
  }
}
