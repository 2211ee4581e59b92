package dev.pictor.cli;

import picocli.CommandLine.Option;

/** The options every {@code pictor jobs} command shares. */
final class StoreOptions {
  @Option(names = "--store", paramLabel = "URL",
      description = "The job store: memory, jdbc:h2:... or jdbc:postgresql:...; default the H2 file under ./.pictor/")
  String store;

  @Option(names = "--json", description = "Print exactly one JSON object on standard output")
  boolean json;
}
