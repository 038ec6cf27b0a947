package io.lenet5.cli;

import java.io.PrintStream;

/** One subcommand of {@code lenet5.jar}. */
interface Command {
  /** The word that selects it, e.g. {@code train}. */
  String name();

  /** One line for the command list. */
  String summary();

  /**
   * Runs the command.
   *
   * @return the process exit status
   * @throws io.lenet5.UserException for mistakes the user can fix
   * @throws org.apache.commons.cli.ParseException for bad flags
   */
  int run(String[] args, PrintStream out, PrintStream err) throws Exception;
}
