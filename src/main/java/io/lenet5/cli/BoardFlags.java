package io.lenet5.cli;

import io.lenet5.UserException;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;

/** The TensorBoard flags {@code train} and {@code tune} share. */
final class BoardFlags {
  /** The log folder under a run's output folder, unless {@code --tensorboard} says otherwise. */
  static final String DEFAULT_FOLDER = "logs";

  private BoardFlags() {}

  /**
   * Where TensorBoard logs go: {@code --tensorboard DIR}, else {@code <out>/logs}; null with {@code
   * --no-tensorboard}.
   */
  static Path logDir(CommandLine line, Path outDir) {
    if (line.hasOption("no-tensorboard")) {
      if (line.hasOption("tensorboard")) {
        throw new UserException(
            "--tensorboard: expected either --tensorboard DIR or --no-tensorboard, received both");
      }
      return null;
    }
    return line.hasOption("tensorboard")
        ? Path.of(line.getOptionValue("tensorboard"))
        : outDir.resolve(DEFAULT_FOLDER);
  }
}
