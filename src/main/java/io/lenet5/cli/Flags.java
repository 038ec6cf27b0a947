package io.lenet5.cli;

import io.lenet5.UserException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** Helpers for flags: typed values with errors that name the flag. */
final class Flags {
  private Flags() {}

  /** The flag that lets a run write into a folder holding files the tool did not write. */
  static final String ALLOW_FOREIGN = "allow-foreign-files";

  /** What {@link #ALLOW_FOREIGN} does, as the help says it. */
  static final String ALLOW_FOREIGN_HELP =
      "write into an output folder that holds files lenet5 did not write; they are left as they"
          + " are, and a file with a name the run writes is still refused";

  /** A flag that takes a value. */
  static Option valued(String name, String argName, String description) {
    return Option.builder().longOpt(name).hasArg().argName(argName).desc(description).get();
  }

  /** A flag without value. */
  static Option flag(String name, String description) {
    return Option.builder().longOpt(name).desc(description).get();
  }

  /** Integer value of {@code --name}, or null when absent. */
  static Integer intValue(CommandLine line, String name) {
    String v = line.getOptionValue(name);
    if (v == null) {
      return null;
    }
    try {
      return Integer.valueOf(v.trim());
    } catch (NumberFormatException e) {
      throw new UserException(
          "--" + name + ": expected an integer, got '" + UserException.shown(v) + "'");
    }
  }

  /** Long value of {@code --name}, or null when absent. */
  static Long longValue(CommandLine line, String name) {
    String v = line.getOptionValue(name);
    if (v == null) {
      return null;
    }
    try {
      return Long.valueOf(v.trim());
    } catch (NumberFormatException e) {
      throw new UserException(
          "--" + name + ": expected an integer, got '" + UserException.shown(v) + "'");
    }
  }

  /**
   * Finite double value of {@code --name}, or null when absent: Java also parses NaN, Infinity and
   * 1e999, which no flag means.
   */
  static Double doubleValue(CommandLine line, String name) {
    String v = line.getOptionValue(name);
    if (v == null) {
      return null;
    }
    double value;
    try {
      value = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      value = Double.NaN;
    }
    if (!Double.isFinite(value)) {
      throw new UserException(
          "--" + name + ": expected a finite number, got '" + UserException.shown(v) + "'");
    }
    return value;
  }

  /**
   * The output folder {@code value}, refused when it is a file-system root: the tool locks and
   * stages beside its folders, and would spread its files over a whole disk.
   *
   * @param name the flag or spec field the folder comes from, for the message
   */
  static Path outputFolder(String name, String value) {
    Path folder = Path.of(value);
    Path absolute = folder.toAbsolutePath().normalize();
    if (absolute.getParent() == null) {
      throw new UserException(
          name
              + ": expected a folder below the file-system root, got '"
              + UserException.shown(value)
              + "'"
              + (value.equals(absolute.toString()) ? "" : ", which is " + absolute));
    }
    return folder;
  }

  /** Parses with {@code parser}, prefixing its error with the flag's name. */
  static <T> T parsed(
      CommandLine line, String name, java.util.function.Function<String, T> parser) {
    String v = line.getOptionValue(name);
    if (v == null) {
      return null;
    }
    try {
      return parser.apply(v);
    } catch (UserException e) {
      throw new UserException("--" + name + ": " + e.getMessage());
    }
  }

  /**
   * Parses a command's arguments.
   *
   * @return null when --help was asked for and the help is printed
   */
  static CommandLine parse(
      String[] args, Options options, PrintStream out, String usage, String header)
      throws ParseException {
    CommandLine line = new DefaultParser().parse(options, args);
    rejectRepeats(line);
    if (line.hasOption("help")) {
      printHelp(out, usage, header, options);
      return null;
    }
    return line;
  }

  /** Rejects words that are not flags, for a command that takes none. */
  static void requireNoArguments(CommandLine line, String command) {
    if (!line.getArgList().isEmpty()) {
      throw new UserException(
          command
              + ": unexpected argument '"
              + UserException.shown(line.getArgList().get(0))
              + "'");
    }
  }

  /** A flag given twice is a mistake: which value was meant is not clear. */
  private static void rejectRepeats(CommandLine line) {
    Set<String> seen = new HashSet<>();
    for (Option option : line.getOptions()) {
      if (!seen.add(option.getLongOpt())) {
        throw new UserException(
            "--" + option.getLongOpt() + ": given more than once; give it once");
      }
    }
  }

  /** Prints a command's help. */
  static void printHelp(PrintStream out, String usage, String header, Options options) {
    PrintWriter writer = new PrintWriter(out);
    new HelpFormatter().printHelp(writer, 100, usage, header, options, 2, 2, null, false);
    writer.flush();
  }
}
