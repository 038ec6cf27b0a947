package io.lenet5.cli;

import static io.lenet5.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.TestData;
import io.lenet5.data.KnownDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A resume continues only what was started, and an overwrite deletes only the tool's files. */
class RunSafetyTest {
  @TempDir Path tmp;

  private String[] train(Path data, Path out, String... more) throws Exception {
    Path spec =
        Files.writeString(
            tmp.resolve("train.json"), "{\"specVersion\": 1, \"data\": {\"validationSize\": 100}}");
    String[] common = {
      "train",
      "--spec",
      spec.toString(),
      "--data-dir",
      data.toString(),
      "--skip-verify",
      "--batch-size",
      "50",
      "--device",
      "cpu",
      "--threads",
      "1",
      "--out",
      out.toString()
    };
    String[] all = java.util.Arrays.copyOf(common, common.length + more.length);
    System.arraycopy(more, 0, all, common.length, more.length);
    return all;
  }

  @Test
  void resumeRefusesChangedSettingsAndCorruptCheckpoints() throws Exception {
    Path data = TestData.writeHead(tmp.resolve("mnist"), 300, 100);
    Path out = tmp.resolve("run");
    MainTest.Run first = run(train(data, out, "--epochs", "1"));
    assertEquals(0, first.status(), first.err());
    byte[] spec = Files.readAllBytes(out.resolve(TrainCommand.SPEC));

    MainTest.Run changed =
        run(train(data, out, "--epochs", "2", "--resume", "--learning-rate", "0.01"));
    assertEquals(2, changed.status(), changed.err());
    assertTrue(
        changed.err().contains("training.learningRate (checkpoint 0.001, this run 0.01)"),
        changed.err());
    assertEquals(1, changed.err().lines().count(), changed.err());
    assertArrayEquals(spec, Files.readAllBytes(out.resolve(TrainCommand.SPEC)));

    Path checkpoint = out.resolve(TrainCommand.CHECKPOINT);
    byte[] bytes = Files.readAllBytes(checkpoint);
    bytes[bytes.length / 2] ^= 0x7f;
    Files.write(checkpoint, bytes);
    MainTest.Run corrupt = run(train(data, out, "--epochs", "2", "--resume"));
    assertEquals(2, corrupt.status(), corrupt.err());
    assertTrue(
        corrupt.err().startsWith("error: " + checkpoint + ": checkpoint is corrupt (CRC32C"),
        corrupt.err());
    assertTrue(!corrupt.err().contains("diverged"), corrupt.err());
  }

  @Test
  void resumeRefusesOtherDataButNotMovedData() throws Exception {
    Path data = TestData.writeHead(tmp.resolve("mnist"), 300, 100);
    Path out = tmp.resolve("run");
    MainTest.Run first = run(train(data, out, "--epochs", "1"));
    assertEquals(0, first.status(), first.err());
    Path checkpoint = out.resolve(TrainCommand.CHECKPOINT);
    byte[] trained = Files.readAllBytes(checkpoint);

    // The same files with every training label moved on by one.
    Path shifted = Files.createDirectories(tmp.resolve("shifted"));
    for (String name : KnownDataset.IDX_NAMES) {
      byte[] bytes = Files.readAllBytes(data.resolve(name));
      if (name.equals(TestData.TRAIN_LABELS)) {
        for (int i = 8; i < bytes.length; i++) {
          bytes[i] = (byte) ((bytes[i] + 1) % 10);
        }
      }
      Files.write(shifted.resolve(name), bytes);
    }
    MainTest.Run other = run(train(shifted, out, "--epochs", "2", "--resume"));
    assertEquals(2, other.status(), other.err());
    assertTrue(
        other
            .err()
            .startsWith(
                "error: "
                    + shifted.resolve(TestData.TRAIN_LABELS)
                    + ": differs from the data the run in "
                    + out
                    + " was trained on (sha256 "),
        other.err());
    assertTrue(
        other
            .err()
            .endsWith(
                " found); point --data-dir at that data, or train anew into another"
                    + " --out folder\n"),
        other.err());
    assertEquals(1, other.err().lines().count(), other.err());
    assertArrayEquals(trained, Files.readAllBytes(checkpoint));

    Path moved = Files.move(data, tmp.resolve("moved"));
    MainTest.Run resumed = run(train(moved, out, "--epochs", "2", "--resume"));
    assertEquals(0, resumed.status(), resumed.err());
    assertTrue(resumed.err().contains("resuming after epoch 1 of 2"), resumed.err());
  }

  @Test
  void tuneOverwriteKeepsWhatTheToolDidNotWrite() throws Exception {
    Path data = TestData.writeHead(tmp.resolve("mnist"), 300, 100);
    Path search = Files.createDirectories(tmp.resolve("search"));
    Files.writeString(search.resolve("oracle.json"), "{}");
    Path notes = Files.writeString(search.resolve("notes.txt"), "mine");
    Path spec =
        Files.writeString(
            tmp.resolve("s.json"),
            """
            {"specVersion": 1, "data": {"validationSize": 100},
             "searchSpace": [{"name": "learningRate", "type": "float", "min": 0.001, "max": 0.01}],
             "tuner": {"algorithm": "hyperband", "maxEpochs": 3, "factor": 3},
             "objective": {"metric": "val_accuracy"},
             "output": {"directory": "%s"}}
            """
                .formatted(search));
    MainTest.Run r =
        run(
            "tune",
            "--spec",
            spec.toString(),
            "--data-dir",
            data.toString(),
            "--skip-verify",
            "--overwrite");
    assertEquals(2, r.status(), r.err());
    assertTrue(
        r.err().contains("error: " + search + ": holds " + notes + ", which a search"), r.err());
    assertEquals("mine", Files.readString(notes));
    assertTrue(Files.exists(search.resolve("oracle.json")));
  }
}
