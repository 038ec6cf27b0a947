package io.lenet5.cli;

import static io.lenet5.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file-system root as the output folder is a user's mistake, said in one line before any work.
 */
class RootFolderTest {
  @TempDir Path tmp;

  private void assertRefused(String expected, String... args) {
    MainTest.Run r = run(args);
    assertEquals(2, r.status(), r.err());
    assertEquals(
        "error: " + expected + ": expected a folder below the file-system root, got '/'\n",
        r.err());
  }

  @Test
  void rootOutputFoldersAreRefused() throws Exception {
    // data that does not exist: a run that got past the folder check would stop there
    String noData = tmp.resolve("no-mnist").toString();
    assertRefused(
        "--out", "export", "--checkpoint", tmp.resolve("c.ckpt").toString(), "--out", "/");
    assertRefused("--out", "train", "--data-dir", noData, "--out", "/");
    Path spec =
        Files.writeString(
            tmp.resolve("s.json"),
            """
            {"specVersion": 1,
             "searchSpace": [{"name": "learningRate", "type": "float", "min": 0.001, "max": 0.01}],
             "tuner": {"algorithm": "hyperband", "maxEpochs": 3, "factor": 3},
             "objective": {"metric": "val_accuracy"},
             "output": {"directory": "/"}}
            """);
    assertRefused("output.directory", "tune", "--spec", spec.toString(), "--data-dir", noData);
    assertRefused("--out", "tune", "--spec", spec.toString(), "--data-dir", noData, "--out", "/");
  }
}
