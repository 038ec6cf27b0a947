package io.lenet5.cli;

import io.lenet5.UserException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.ParseException;

/** Entry point of {@code lenet5.jar}: dispatches to a subcommand and maps errors to exit codes. */
public final class Main {
  /** Exit status for a user mistake (bad flag, bad file, bad spec). */
  public static final int USER_ERROR = 2;

  /** Exit status for a fault of the program itself, to be reported. */
  public static final int INTERNAL_ERROR = 1;

  /** The flag, accepted anywhere on the line, that adds stack traces to errors. */
  static final String DEBUG_FLAG = "--debug";

  /** Environment variable that, set to 1, adds stack traces to errors. */
  static final String DEBUG_ENV = "LENET5_DEBUG";

  /** Longest error line printed; longer messages are cut. */
  private static final int MAX_ERROR_LINE = 2000;

  private static final List<Command> COMMANDS =
      List.of(
          new TrainCommand(),
          new TuneCommand(),
          new ExportCommand(),
          new EvaluateCommand(),
          new PredictCommand(),
          new BenchCommand());

  private Main() {}

  /**
   * Runs and exits with the command's status; SIGINT and SIGTERM end it with 130 and 143, after a
   * line on what is saved ({@link Interruption}).
   */
  public static void main(String[] args) {
    Interruption.install();
    int status;
    try {
      status = run(args, System.out, System.err);
    } finally {
      Interruption.clear();
    }
    System.exit(status);
  }

  /**
   * Runs a command line without exiting, for tests.
   *
   * @return 0 on success, {@link #USER_ERROR} for a user mistake or a fault of the environment
   *     (disk full, permissions, out of memory), {@link #INTERNAL_ERROR} for a fault of the program
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    boolean debug =
        Arrays.asList(args).contains(DEBUG_FLAG) || "1".equals(System.getenv(DEBUG_ENV));
    args = Arrays.stream(args).filter(a -> !a.equals(DEBUG_FLAG)).toArray(String[]::new);
    return run(args, out, err, debug);
  }

  private static int run(String[] args, PrintStream out, PrintStream err, boolean debug) {
    if (args.length == 0
        || args[0].equals("--help")
        || args[0].equals("-h")
        || args[0].equals("help")) {
      printUsage(args.length == 0 ? err : out);
      return args.length == 0 ? USER_ERROR : 0;
    }
    Command command =
        COMMANDS.stream().filter(c -> c.name().equals(args[0])).findFirst().orElse(null);
    if (command == null) {
      err.println(
          "error: unknown command '"
              + UserException.shown(args[0])
              + "'; run with --help to list the commands");
      return USER_ERROR;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      return command.run(rest, out, err);
    } catch (ParseException | UserException e) {
      error(err, e.getMessage(), e, debug);
      if (e instanceof ParseException) {
        err.println("run 'lenet5 " + command.name() + " --help' for the options");
      }
      return USER_ERROR;
    } catch (OutOfMemoryError e) {
      error(
          err,
          String.format(
              Locale.ROOT,
              "out of memory: the Java heap holds at most %,d MB; give the JVM more with -Xmx,"
                  + " or use less data or a smaller batch",
              Runtime.getRuntime().maxMemory() >> 20),
          e,
          debug);
      return USER_ERROR;
    } catch (Exception e) {
      IOException fault = Faults.ioCause(e);
      if (fault != null) {
        error(err, Faults.describe(fault, Faults.context(e, fault)), e, debug);
        return USER_ERROR;
      }
      error(err, "internal error (please report): " + e, e, debug);
      if (!debug) {
        err.println("run with " + DEBUG_FLAG + " or " + DEBUG_ENV + "=1 for the stack trace");
      }
      return INTERNAL_ERROR;
    }
  }

  /** One error line; with {@code debug}, the stack trace after it. */
  private static void error(PrintStream err, String message, Throwable e, boolean debug) {
    String line = String.valueOf(message);
    if (line.length() > MAX_ERROR_LINE) {
      line = line.substring(0, MAX_ERROR_LINE) + "... (cut)";
    }
    err.println(line.startsWith("internal error") ? line : "error: " + line);
    if (debug) {
      e.printStackTrace(err);
    }
  }

  private static void printUsage(PrintStream out) {
    out.println("usage: java -jar lenet5.jar <command> [options]");
    out.println();
    out.println("LeNet-5 on MNIST with TensorFlow Java. Commands:");
    for (Command c : COMMANDS) {
      out.printf("  %-10s %s%n", c.name(), c.summary());
    }
    out.println();
    out.println("Run 'java -jar lenet5.jar <command> --help' for a command's options.");
    out.println(
        "Add " + DEBUG_FLAG + " (or set " + DEBUG_ENV + "=1) for stack traces with errors.");
  }
}
