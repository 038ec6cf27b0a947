package io.lenet5.cli;

import static io.lenet5.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mistake and fault is one line, exit status 2, and sizes are checked before use. */
class ErrorPathTest {
  @TempDir Path tmp;

  private static void assertOneLine(String expected, MainTest.Run r) {
    assertEquals(2, r.status(), r.err());
    assertEquals("error: " + expected + "\n", r.err());
  }

  @Test
  void badDataSetsAreOneLineAndTouchNoOutput() throws IOException {
    Path out = tmp.resolve("out");
    assertOneLine(
        "data.name: expected one of mnist, fashion-mnist, kmnist, emnist-digits, emnist-letters,"
            + " emnist-balanced, got 'fashion-mnst' (did you mean 'fashion-mnist'?)",
        run("train", "--dataset", "fashion-mnst", "--out", out.toString()));
    assertOneLine(
        "data.format: expected 'idx' or 'folder', got 'zip'",
        run("train", "--data-format", "zip", "--out", out.toString()));
    assertOneLine(
        "data.imageSize: only a folder of images is resized; IDX files give their own size",
        run("train", "--image-size", "32", "--out", out.toString()));
    assertOneLine(
        "data.imageSize: must be in 8..256, got 4",
        run("train", "--data-format", "folder", "--image-size", "4", "--out", out.toString()));
    assertOneLine(
        "data.dir: a folder of images needs its folder (--data-dir DIR, holding train/ and test/)",
        run("train", "--data-format", "folder", "--out", out.toString()));
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    MainTest.Run letters =
        run(
            "train",
            "--dataset",
            "emnist-letters",
            "--data-dir",
            empty.toString(),
            "--out",
            out.toString());
    assertEquals(2, letters.status());
    assertTrue(
        letters
            .err()
            .startsWith(
                "error: data dir " + empty + ": missing emnist-letters-train-images-idx3-ubyte.gz"),
        letters.err());
    Files.createDirectories(empty.resolve("train").resolve("cat"));
    MainTest.Run noTest =
        run(
            "train",
            "--data-format",
            "folder",
            "--data-dir",
            empty.toString(),
            "--out",
            out.toString());
    assertEquals(2, noTest.status());
    assertEquals(1, noTest.err().lines().count(), noTest.err());
    assertFalse(Files.exists(out), "no output folder for bad data");
  }

  @Test
  void aRepeatedFlagIsAnError() {
    assertOneLine(
        "--batch-size: given more than once; give it once",
        run("train", "--batch-size", "32", "--batch-size", "64"));
  }

  @Test
  void echoedValuesAreCut() {
    String huge = "9".repeat(10_000_000);
    MainTest.Run r = run("train", "--batch-size", huge);
    assertEquals(2, r.status());
    assertTrue(r.err().length() < 300, "error of " + r.err().length() + " characters");
    assertTrue(r.err().startsWith("error: --batch-size: expected an integer, got '9999"), r.err());
    assertTrue(r.err().contains("... (10000000 characters)"), r.err());
    MainTest.Run word = run("train", "--activation", huge);
    assertTrue(word.err().length() < 300, "error of " + word.err().length() + " characters");
  }

  @Test
  void echoedSpecValuesAreCut() throws IOException {
    String huge = "x".repeat(1_000_000);
    Path spec =
        Files.writeString(
            tmp.resolve("s.json"),
            "{\"specVersion\": 1, \"training\": {\"optimizer\": \"" + huge + "\"}}");
    MainTest.Run r = run("train", "--spec", spec.toString());
    assertEquals(2, r.status(), r.err().substring(0, 200));
    assertTrue(r.err().length() < 500, "error of " + r.err().length() + " characters");
    Path field =
        Files.writeString(tmp.resolve("f.json"), "{\"specVersion\": 1, \"" + huge + "\": 1}");
    MainTest.Run unknown = run("train", "--spec", field.toString());
    assertEquals(2, unknown.status());
    assertTrue(unknown.err().length() < 1000, "error of " + unknown.err().length() + " characters");
  }

  @Test
  void stackTracesOnlyWithDebug() {
    assertOneLine("--batch-size: expected an integer, got 'x'", run("train", "--batch-size", "x"));
    MainTest.Run debug = run("--debug", "train", "--batch-size", "x");
    assertEquals(2, debug.status());
    assertTrue(
        debug.err().startsWith("error: --batch-size: expected an integer, got 'x'\n"), debug.err());
    assertTrue(debug.err().contains("\tat io.lenet5.cli.Flags"), debug.err());
  }

  @Test
  void hugeBatchSizesAndThreadCountsAreRefused() {
    assertOneLine(
        "--batch-size: must be in 1..65536, got 1000000000",
        run("train", "--batch-size", "1000000000"));
    assertOneLine(
        "--batch-size: must be in 1..65536, got 2739000", run("train", "--batch-size", "2739000"));
    assertOneLine(
        "--batch-size: must be in 1..65536, got 1000000000",
        run("evaluate", "--model", tmp.toString(), "--batch-size", "1000000000"));
    int most = DeviceChoice.THREADS_PER_CORE * Runtime.getRuntime().availableProcessors();
    assertOneLine(
        "--threads: must be in 1.."
            + most
            + " ("
            + DeviceChoice.THREADS_PER_CORE
            + " per core on this machine), got 100000",
        run("train", "--threads", "100000"));
    assertEquals(
        run("train", "--threads", "100000").err(), run("bench", "--threads", "100000").err());
  }

  @Test
  void aBatchLargerThanTheImagesItBatchesIsRefused() {
    assertOneLine(
        "training.batchSize: expected at most the 50 training images, got 64",
        run(
            "train",
            "--data-dir",
            TestData.dir().toString(),
            "--max-train-images",
            "50",
            "--batch-size",
            "64",
            "--out",
            tmp.resolve("out").toString()));
    assertFalse(Files.exists(tmp.resolve("out")), "the folder was touched");
  }

  @Test
  void impossibleModelAndTrainingValuesAreOneLineErrorsBeforeAnythingIsWritten()
      throws IOException {
    String[][] cases = {
      {"\"model\": {\"conv1Filters\": 0}", "model.conv1Filters: must be in 1..256, got 0"},
      {"\"model\": {\"conv2Filters\": 257}", "model.conv2Filters: must be in 1..256, got 257"},
      {"\"model\": {\"dense2Units\": 0}", "model.dense2Units: must be in 1..4096, got 0"},
      {"\"model\": {\"dropout\": 1}", "model.dropout: must be in [0, 1), got 1.0"},
      {
        "\"model\": {\"kernelSize\": 14}",
        "model.kernelSize: must be in 1..13 for 28x28 images, so that the second convolution's"
            + " output survives pooling; got 14"
      },
      {
        "\"training\": {\"weightDecay\": -0.1}", "training.weightDecay: must be in [0, 1), got -0.1"
      },
      {"\"training\": {\"elasticSigma\": 0}", "training.elasticSigma: must be in (0, 64], got 0.0"},
      {
        "\"training\": {\"augmentRotation\": 90}",
        "training.augmentRotation: must be in 0..45, got 90.0"
      },
      {
        "\"training\": {\"elasticProbability\": 1.5}",
        "training.elasticProbability: must be in 0..1, got 1.5"
      },
    };
    Path out = tmp.resolve("out");
    for (String[] c : cases) {
      Path spec = Files.writeString(tmp.resolve("spec.json"), "{\"specVersion\": 1, " + c[0] + "}");
      MainTest.Run r = run("train", "--spec", spec.toString(), "--out", out.toString());
      assertOneLine(spec + ": " + c[1], r);
    }
    assertFalse(Files.exists(out), "the output folder was touched");
  }

  @Test
  void aSearchsBatchSizesAreBoundedBeforeItStarts() throws IOException {
    String spec =
        """
        {"specVersion": 1, "data": {"validationSize": 100, "maxTrainImages": 500},
         "searchSpace": [{"name": "batchSize", "type": "choice", "values": [64, %s]}],
         "tuner": {"algorithm": "hyperband", "maxEpochs": 3, "factor": 3},
         "objective": {"metric": "val_accuracy"},
         "output": {"directory": "%s"}}
        """;
    Path search = tmp.resolve("search");
    Path huge = Files.writeString(tmp.resolve("huge.json"), spec.formatted("1000000000", search));
    MainTest.Run r = run("tune", "--spec", huge.toString());
    assertEquals(2, r.status(), r.err());
    assertTrue(
        r.err()
            .endsWith(
                "searchSpace[0] (batchSize = 1000000000): training.batchSize: must be in 1..65536,"
                    + " got 1000000000\n"),
        r.err());
    Path large = Files.writeString(tmp.resolve("large.json"), spec.formatted("1000", search));
    assertOneLine(
        "training.batchSize: expected at most the 500 training images, got 1000",
        run("tune", "--spec", large.toString(), "--data-dir", TestData.dir().toString()));
    assertFalse(Files.exists(search), "the search's folder was touched");
  }

  @Test
  void aSpecThatIsJsonNullIsNamed() throws IOException {
    Path spec = Files.writeString(tmp.resolve("null.json"), "null\n");
    assertOneLine(
        spec + ": expected a JSON object, got null", run("train", "--spec", spec.toString()));
    assertOneLine(
        spec + ": expected a JSON object, got null", run("tune", "--spec", spec.toString()));
    String search =
        """
        {"specVersion": 1, "searchSpace": %s,
         "tuner": %s, "objective": {"metric": "val_accuracy"}, "output": {"directory": "x"}}
        """;
    String tuner = "{\"algorithm\": \"hyperband\", \"maxEpochs\": 3, \"factor\": 3}";
    String parameter =
        "{\"name\": \"learningRate\", \"type\": \"float\", \"min\": 0.001, \"max\": 0.1}";
    Path nullParameter =
        Files.writeString(tmp.resolve("p.json"), search.formatted("[null]", tuner));
    assertOneLine(
        nullParameter + ": searchSpace[0]: expected a hyperparameter object, got null",
        run("tune", "--spec", nullParameter.toString(), "--dry-run"));
    Path nullTuner =
        Files.writeString(tmp.resolve("t.json"), search.formatted("[" + parameter + "]", "null"));
    assertOneLine(
        nullTuner + ": tuner: expected an object, got null",
        run("tune", "--spec", nullTuner.toString(), "--dry-run"));
  }

  @Test
  void anEvaluationBatchLargerThanTheTestSetIsRefused() throws IOException {
    Path data = TestData.writeHead(tmp.resolve("mnist"), 10, 100);
    assertOneLine(
        "--batch-size: expected at most the 100 test images, got 200",
        run(
            "evaluate",
            "--model",
            Path.of("saved-models", "lenet5-mnist").toString(),
            "--data-dir",
            data.toString(),
            "--skip-verify",
            "--batch-size",
            "200"));
  }

  @Test
  void aSpecThatNeverEndsIsRefusedWithoutRunningOutOfMemory() {
    assertOneLine(
        "/dev/zero: expected a spec of at most 16 MB, found more",
        run("train", "--spec", "/dev/zero"));
  }

  @Test
  void hyperbandCountsThatOverflowAreRefusedInDryRun() throws IOException {
    Path spec =
        Files.writeString(
            tmp.resolve("huge.json"),
            """
            {"specVersion": 1,
             "searchSpace": [{"name": "learningRate", "type": "float", "min": 0.001, "max": 0.01}],
             "tuner": {"algorithm": "hyperband", "maxEpochs": 2147483647, "factor": 3},
             "objective": {"metric": "val_accuracy"},
             "output": {"directory": "%s"}}
            """
                .formatted(tmp.resolve("search")));
    MainTest.Run r = run("tune", "--spec", spec.toString(), "--dry-run");
    assertEquals(2, r.status(), r.err());
    assertTrue(
        r.err().startsWith("error: tuner: maxEpochs 2147483647, factor 3 and iterations 1 plan "),
        r.err());
    assertTrue(r.err().contains("trials; expected at most 1,000,000"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void anOutputFolderThatIsAFileIsNamed() throws IOException {
    Path file = Files.writeString(tmp.resolve("out"), "x");
    assertOneLine(
        file + ": expected a folder for the output, found a file",
        run(
            "train",
            "--data-dir",
            TestData.dir().toString(),
            "--max-train-images",
            "100",
            "--batch-size",
            "50",
            "--out",
            file.toString()));
  }
}
