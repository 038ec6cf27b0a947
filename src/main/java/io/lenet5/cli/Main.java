package io.lenet5.cli;

import io.lenet5.UserException;
import java.io.PrintStream;
import java.util.List;
import org.apache.commons.cli.ParseException;

/** Entry point of {@code lenet5.jar}: dispatches to a subcommand and maps errors to exit codes. */
public final class Main {
  /** Exit status for a user mistake (bad flag, bad file, bad spec). */
  public static final int USER_ERROR = 2;

  private static final List<Command> COMMANDS =
      List.of(
          new TrainCommand(),
          new TuneCommand(),
          new ExportCommand(),
          new EvaluateCommand(),
          new PredictCommand(),
          new BenchCommand());

  private Main() {}

  /** Runs and exits with the command's status. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs a command line without exiting, for tests.
   *
   * @return 0 on success, {@link #USER_ERROR} for a user mistake, 1 for an internal failure
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
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
      err.println("error: unknown command '" + args[0] + "'; run with --help to list the commands");
      return USER_ERROR;
    }
    String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
    try {
      return command.run(rest, out, err);
    } catch (ParseException | UserException e) {
      err.println("error: " + e.getMessage());
      if (e instanceof ParseException) {
        err.println("run 'lenet5 " + command.name() + " --help' for the options");
      }
      return USER_ERROR;
    } catch (Exception e) {
      err.println("internal error (please report): " + e);
      e.printStackTrace(err);
      return 1;
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
  }
}
