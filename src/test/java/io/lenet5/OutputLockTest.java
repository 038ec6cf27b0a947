package io.lenet5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per folder, across threads and processes; a killed holder never blocks. */
public class OutputLockTest {
  @TempDir Path tmp;

  /** Starts a child JVM that holds the lock on {@code folder} and waits until it does. */
  public static Process holdInChild(Path folder, Path logs, String... how)
      throws IOException, InterruptedException {
    List<String> args = new java.util.ArrayList<>(List.of(folder.toString(), "train"));
    args.addAll(List.of(how));
    Process child =
        ChildJvm.start(
            logs, "holder", ChildJvm.command(List.of(), LockHolder.class.getName(), args));
    Path out = logs.resolve("holder.out");
    for (int i = 0; i < 600 && !Files.readString(out).contains("locked"); i++) {
      if (!child.isAlive()) {
        throw new AssertionError(
            "lock holder ended: " + Files.readString(logs.resolve("holder.err")));
      }
      Thread.sleep(50);
    }
    return child;
  }

  @Test
  void aSecondWriterInThisProcessIsRefused() {
    Path folder = tmp.resolve("out");
    try (OutputLock first = OutputLock.acquire(folder, "tune")) {
      String message =
          assertThrows(UserException.class, () -> OutputLock.acquire(folder, "train")).getMessage();
      String pid = String.valueOf(ProcessHandle.current().pid());
      assertTrue(
          Pattern.compile(
                  Pattern.quote(folder + " is in use by pid " + pid + " on host ")
                      + ".+ \\(started \\d{4}-.+, tune\\); wait for it to end or choose another"
                      + " folder")
              .matcher(message)
              .matches(),
          message);
    }
    try (OutputLock again = OutputLock.acquire(folder, "train")) {
      assertTrue(Files.exists(folder.resolve(OutputLock.FILE)));
    }
  }

  @Test
  void anotherProcessHoldsTheFolderUntilItIsKilled() throws Exception {
    Path folder = tmp.resolve("out");
    Process holder = holdInChild(folder, tmp.resolve("logs"));
    try {
      String message =
          assertThrows(UserException.class, () -> OutputLock.acquire(folder, "tune")).getMessage();
      assertTrue(
          message.startsWith(folder + " is in use by pid " + holder.pid() + " on host "), message);
    } finally {
      holder.destroyForcibly().waitFor(); // kill -9: no chance to release the lock itself
    }
    try (OutputLock lock = OutputLock.acquire(folder, "tune")) {
      assertTrue(Files.readString(folder.resolve(OutputLock.FILE)).contains("tune"));
    }
  }

  @Test
  void aFileWhereTheFolderBelongsIsNamed() throws IOException {
    Path file = Files.writeString(tmp.resolve("out"), "x");
    assertEquals(
        file + ": expected a folder for the output, found a file",
        assertThrows(UserException.class, () -> OutputLock.acquire(file, "train")).getMessage());
  }
}
