package io.lenet5.cli;

import static io.lenet5.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.train.Checkpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint's header names its own format, so a file rewritten as format 1 (no checksum) with a
 * flipped byte must not pass where a build that writes checksums wrote the folder; a folder of an
 * older build still resumes.
 */
class CheckpointDowngradeTest {
  @TempDir Path tmp;

  /** The file's bytes as format 1: the header says so and the checksum is cut off. */
  private static byte[] asFormatOne(Path file) throws Exception {
    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    byte[] bytes =
        text.replace("\"format\":2", "\"format\":1").getBytes(StandardCharsets.ISO_8859_1);
    return Arrays.copyOf(bytes, bytes.length - Integer.BYTES);
  }

  @Test
  void aDowngradedCheckpointIsRefusedAndAnOlderBuildsFolderResumes() throws Exception {
    Path runDir = tmp.resolve("run");
    MainTest.Run train = TestRuns.tinyTrain(runDir, 1);
    assertEquals(0, train.status(), train.err());
    Path checkpoint = runDir.resolve(TrainCommand.CHECKPOINT);
    byte[] honest = asFormatOne(checkpoint);
    byte[] tampered = honest.clone();
    tampered[tampered.length - 1000] ^= 0x40; // a weight of the last tensors
    Files.write(checkpoint, tampered);

    String refused =
        "error: "
            + checkpoint
            + ": expected a checkpoint with a checksum (format 2), found format 1, which is read"
            + " only where a build before checksums wrote it (a folder without .lenet5.lock); use"
            + " an intact copy or start the run anew\n";
    Path model = tmp.resolve("model");
    MainTest.Run export =
        run("export", "--checkpoint", checkpoint.toString(), "--out", model.toString());
    assertEquals(2, export.status(), export.err());
    assertEquals(refused, export.err());
    assertFalse(Files.exists(model));
    MainTest.Run resume = TestRuns.tinyTrain(runDir, 2, "--resume");
    assertEquals(2, resume.status(), resume.err());
    assertEquals(refused, resume.err());

    // The same run as a build before checksums left it: no lock file, format 1, intact.
    Path older = Files.createDirectories(tmp.resolve("older"));
    Path legacy = Files.write(older.resolve(TrainCommand.CHECKPOINT), honest);
    MainTest.Run resumed = TestRuns.tinyTrain(older, 2, "--resume");
    assertEquals(0, resumed.status(), resumed.err());
    assertTrue(
        resumed
            .err()
            .startsWith("note: " + legacy + ", from a build before checksums, now has one\n"),
        resumed.err());
    assertEquals(2, Checkpoint.read(legacy).epoch());
  }
}
