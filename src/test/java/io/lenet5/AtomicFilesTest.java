package io.lenet5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path tmp;

  @Test
  void aFolderWhereAFileBelongsIsNamedAndKept() throws IOException {
    Path folder = Files.createDirectories(tmp.resolve("predictions.npy"));
    assertEquals(
        folder + ": expected a file to write, found a folder",
        assertThrows(UserException.class, () -> AtomicFiles.writeString(folder, "x")).getMessage());
    assertTrue(Files.isDirectory(folder));
  }

  @Test
  void onlyTheToolsStagingOfTheNamedFolderIsCleanedBesideIt() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    String dead = ".lenet5-tmp-" + ended.pid() + "-";
    Path model = tmp.resolve("model");
    Files.createDirectories(tmp.resolve(dead + "model.42/variables"));
    Files.createDirectories(tmp.resolve(dead + "other.42"));
    Files.createDirectories(tmp.resolve(".model.tmp-42")); // a person's name, not the tool's
    Files.writeString(tmp.resolve(".lenet5-model.lock"), "pid 1");
    AtomicFiles.removeLeftoversOf(model);
    assertTrue(Files.notExists(tmp.resolve(dead + "model.42")));
    assertTrue(Files.isDirectory(tmp.resolve(dead + "other.42")));
    assertTrue(Files.isDirectory(tmp.resolve(".model.tmp-42")));
    assertTrue(Files.exists(tmp.resolve(".lenet5-model.lock")));
  }
}
