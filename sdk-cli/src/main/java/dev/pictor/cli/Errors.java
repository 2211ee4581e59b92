package dev.pictor.cli;

import dev.pictor.BudgetExceededException;
import dev.pictor.GenerationException;
import dev.pictor.InvalidRequestException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Maps failures to the exit-code contract, printing exactly one line and never a stack trace. */
final class Errors {
  static final int OK = 0;
  static final int SOME_FAILED = 1;
  static final int USAGE = 2;
  static final int INTERRUPTED = 130;

  private Errors() {}

  /** picocli could not parse the arguments: unknown or missing options, bad values. */
  static int onParameterException(ParameterException ex, String[] args) {
    PrintWriter err = ex.getCommandLine().getErr();
    err.println("pictor: " + oneLine(ex.getMessage()) + " (see: " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
    err.flush();
    return USAGE;
  }

  /** A command threw: bad input is exit 2, anything else exit 1, always one line. */
  static int onExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    int code = exitCodeOf(ex);
    String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    if (code == SOME_FAILED && !(ex instanceof GenerationException)) {
      message = "unexpected error: " + ex;
    }
    err.println("pictor: " + oneLine(message));
    err.flush();
    return code;
  }

  static int exitCodeOf(Throwable ex) {
    if (ex instanceof UsageException || ex instanceof InvalidRequestException || ex instanceof BudgetExceededException
        || ex instanceof ParameterException) {
      return USAGE;
    }
    return SOME_FAILED;
  }

  /** The message on a single line. */
  static String oneLine(String message) {
    if (message == null) return "";
    return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
