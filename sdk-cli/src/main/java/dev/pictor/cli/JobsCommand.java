package dev.pictor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pictor jobs}: read the job store and resume what an interrupted run left. */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    versionProvider = PictorCommand.Version.class,
    description = "List and show stored jobs, and resume interrupted runs.",
    footer = {"", "Example: pictor jobs resume --store jdbc:h2:file:./.pictor/jobs"})
final class JobsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: list, show ID or resume");
  }
}
