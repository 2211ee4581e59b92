package dev.pictor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top command: only help, version and the subcommands. */
@Command(
    name = "pictor",
    mixinStandardHelpOptions = true,
    versionProvider = PictorCommand.Version.class,
    description = "Generate images through Replicate, RunPod, OpenAI or the offline sandbox.",
    footer = {
        "",
        "Exit codes: 0 all succeeded, 1 some did not, 2 usage or bad input, 130 interrupted.",
        "Example: pictor batch --provider sandbox --count 8 --out out"})
final class PictorCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: generate, batch, variants, calendar or jobs");
  }

  /** Prints {@link Main#VERSION}. */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"pictor " + Main.VERSION};
    }
  }
}
