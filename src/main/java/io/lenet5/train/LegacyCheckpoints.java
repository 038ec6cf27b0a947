package io.lenet5.train;

import io.lenet5.OutputLock;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checkpoints of format 1, without a checksum, as builds before checksums wrote them (format 2 came
 * with commit a91de15, on main from 0dc3d45 of 2026-11-30). The same change began to lock every
 * folder the tool writes, which leaves {@link OutputLock#FILE} there; so a folder without that file
 * can only come from an older build, and a format-1 file in a folder with it was changed after it
 * was written: only a check of the format that a file itself names could be downgraded.
 */
public final class LegacyCheckpoints {
  private LegacyCheckpoints() {}

  /** Whether a build that writes checksums has written into {@code folder}. */
  public static boolean writtenWithChecksums(Path folder) {
    return Files.exists(folder.resolve(OutputLock.FILE));
  }

  /**
   * Rewrites each format-1 file among {@code files} in format 2, with the same contents; from then
   * on they are checked like any other. Call it under the folder's lock, for a folder that {@link
   * #writtenWithChecksums} said, before the lock, no build with checksums had written. A file that
   * does not read is left for the run to report.
   *
   * @return the files rewritten
   */
  public static List<Path> adopt(List<Path> files) {
    List<Path> rewritten = new ArrayList<>();
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        continue;
      }
      Checkpoint.Read read;
      try {
        read = Checkpoint.readAnyFormat(file);
      } catch (RuntimeException e) {
        continue; // the run's own read says what is wrong, in its words
      }
      if (!read.checksummed()) {
        read.checkpoint().write(file);
        rewritten.add(file);
      }
    }
    return rewritten;
  }

  /**
   * Reads a checkpoint that may lie outside any folder of the tool, as {@code export} does: a
   * format-1 file is read, with a note on {@code err}, unless its folder or the folder above (a
   * search's, for {@code checkpoints/} and {@code best/}) was written by a build that writes
   * checksums.
   */
  public static Checkpoint read(Path file, PrintStream err) {
    Checkpoint.Read read = Checkpoint.readAnyFormat(file);
    if (read.checksummed()) {
      return read.checkpoint();
    }
    Path folder = file.toAbsolutePath().normalize().getParent();
    if (writtenWithChecksums(folder)
        || (folder.getParent() != null && writtenWithChecksums(folder.getParent()))) {
      throw Checkpoint.withoutChecksum(file.toString());
    }
    err.println(
        "note: "
            + file
            + " is a checkpoint of format 1, from a build before checksums; its bytes cannot be"
            + " checked");
    return read.checkpoint();
  }
}
