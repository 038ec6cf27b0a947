package io.lenet5.cli;

import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * One subcommand of {@code lenet5.jar}. The base parses the flags, answers {@code --help} and
 * rejects stray words, so no command can forget to.
 */
abstract class Command {
  /** The word that selects it, e.g. {@code train}. */
  abstract String name();

  /** One line for the command list. */
  abstract String summary();

  /** The synopsis the help starts with, e.g. {@code lenet5 train [options]}. */
  abstract String usage();

  /** The help's paragraph under the synopsis. */
  abstract String header();

  /** The command's flags; {@code --help} is added by the base. */
  abstract Options options();

  /** Whether words other than flags are inputs (files); otherwise they are errors. */
  boolean takesArguments() {
    return false;
  }

  /**
   * Runs the command with its parsed flags.
   *
   * @return the process exit status
   * @throws io.lenet5.UserException for mistakes the user can fix
   */
  abstract int run(CommandLine line, PrintStream out, PrintStream err) throws Exception;

  /**
   * Parses {@code args}, prints the help when asked, checks for stray words, and runs.
   *
   * @return the process exit status
   * @throws io.lenet5.UserException for mistakes the user can fix
   * @throws org.apache.commons.cli.ParseException for bad flags
   */
  final int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    CommandLine line =
        Flags.parse(
            args,
            options().addOption(Flags.flag("help", "show this help")),
            out,
            usage(),
            header());
    if (line == null) {
      return 0;
    }
    if (!takesArguments()) {
      Flags.requireNoArguments(line, name());
    }
    return run(line, out, err);
  }
}
