package io.lenet5.cli;

import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * One subcommand of {@code lenet5.jar}. The base parses the flags, answers {@code --help} and
 * rejects stray words, so no command can forget to.
 */
abstract class Command {
  private final String name;
  private final String summary;
  private final String usage;
  private final String header;

  /**
   * Creates a command.
   *
   * @param name the word that selects it, e.g. {@code train}
   * @param summary one line for the command list
   * @param usage the synopsis the help starts with, e.g. {@code lenet5 train [options]}
   * @param header the help's paragraph under the synopsis
   */
  Command(String name, String summary, String usage, String header) {
    this.name = name;
    this.summary = summary;
    this.usage = usage;
    this.header = header;
  }

  /** The word that selects it. */
  final String name() {
    return name;
  }

  /** One line for the command list. */
  final String summary() {
    return summary;
  }

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
            args, options().addOption(Flags.flag("help", "show this help")), out, usage, header);
    if (line == null) {
      return 0;
    }
    if (!takesArguments()) {
      Flags.requireNoArguments(line, name);
    }
    return run(line, out, err);
  }
}
