package dev.pictor.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The {@code pictor} command line: {@code pictor generate} makes one job, {@code pictor batch} makes
 * many (one per input image, or {@code --count N} text-to-image items) with a bounded number in
 * flight, a cost estimate, an optional budget and a scriptable {@code --json} summary.
 *
 * <p>Exit codes are a stable contract: {@code 0} every item succeeded, {@code 1} some did not,
 * {@code 2} usage or bad input (one line on standard error, nothing sent to any provider),
 * {@code 130} interrupted, with the jobs left in the client's job store.
 *
 * <p>{@link #run} never calls {@link System#exit}, so it can be called from tests and other
 * programs. Each call is independent and may run concurrently with others, except that an
 * interruption (SIGINT) reaches every run in progress.
 *
 * <pre>{@code
 * ByteArrayOutputStream json = new ByteArrayOutputStream();
 * int code = Main.run(new String[] {"batch", "--provider", "sandbox", "--count", "8", "--out", "out", "--json"},
 *     new PrintStream(json, true, StandardCharsets.UTF_8), System.err);
 * // code == 0; json holds exactly one JSON object
 * }</pre>
 */
public final class Main {
  /** The version printed by {@code pictor --version}. */
  public static final String VERSION = "0.1.0-SNAPSHOT";

  static {
    // Before any logger exists: the CLI logs warnings and errors to stderr only, never to stdout.
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
  }

  private Main() {}

  /**
   * Runs the command line and exits the JVM with its exit code.
   *
   * @param args the arguments, such as {@code batch --provider sandbox --count 8 --out out}
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the command line and returns its exit code, without exiting.
   *
   * @param args the arguments after {@code pictor}
   * @param out where results go (with {@code --json}, exactly one JSON object)
   * @param err where messages, warnings and the progress bar go
   * @return 0 all succeeded, 1 some did not, 2 usage or bad input, 130 interrupted
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, new Context(out, err, System.getenv(), System.console() != null));
  }

  /** As {@link #run(String[], PrintStream, PrintStream)}, with the environment and terminal given. */
  static int run(String[] args, Context ctx) {
    CommandLine cli = commandLine(ctx);
    return cli.execute(args == null ? new String[0] : args);
  }

  static CommandLine commandLine(Context ctx) {
    CommandLine cli = new CommandLine(new PictorCommand())
        .addSubcommand(new GenerateCommand(ctx))
        .addSubcommand(new BatchCommand(ctx))
        .addSubcommand(new VariantsCommand(ctx))
        .addSubcommand(new CalendarCommand(ctx))
        .addSubcommand(new CommandLine(new JobsCommand())
            .addSubcommand(new JobsListCommand(ctx))
            .addSubcommand(new JobsShowCommand(ctx))
            .addSubcommand(new JobsResumeCommand(ctx)));
    cli.setOut(new PrintWriter(ctx.out(), true));
    cli.setErr(new PrintWriter(ctx.err(), true));
    cli.setParameterExceptionHandler(Errors::onParameterException);
    cli.setExecutionExceptionHandler(Errors::onExecutionException);
    return cli;
  }
}
