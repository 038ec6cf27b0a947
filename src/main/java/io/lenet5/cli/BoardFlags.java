package io.lenet5.cli;

import io.lenet5.OutputLock;
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

  /**
   * Locks the log folder as the output folder is locked, so that a second writer stops at once;
   * none to take (null) when there are no logs or they lie in their default place, which the output
   * folder's lock covers. A log folder that is a file or cannot be written is an error here, before
   * TensorFlow opens anything.
   */
  static OutputLock lock(Path logDir, Path outDir, String command) {
    if (logDir == null) {
      return null;
    }
    Path logs = logDir.toAbsolutePath().normalize();
    Path out = outDir.toAbsolutePath().normalize();
    if (logs.equals(out.resolve(DEFAULT_FOLDER))) {
      return null;
    }
    if (logs.startsWith(out)) {
      throw new UserException(
          "--tensorboard "
              + logDir
              + ": expected the default "
              + out.resolve(DEFAULT_FOLDER)
              + " or a folder outside the output folder "
              + outDir);
    }
    return OutputLock.acquire(logDir, command + " TensorBoard logs");
  }
}
