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
  void onlyTheStagingOfTheNamedFolderIsCleanedBesideIt() throws IOException {
    Path model = tmp.resolve("model");
    Files.createDirectories(tmp.resolve(".model.tmp-42/variables"));
    Files.createDirectories(tmp.resolve(".other.tmp-42"));
    Files.writeString(tmp.resolve(".model.lock"), "pid 1");
    AtomicFiles.removeLeftoversOf(model);
    assertTrue(Files.notExists(tmp.resolve(".model.tmp-42")));
    assertTrue(Files.isDirectory(tmp.resolve(".other.tmp-42")));
    assertTrue(Files.exists(tmp.resolve(".model.lock")));
  }
}
