package io.lenet5.cli;

import static io.lenet5.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lenet5.AtomicFiles;
import io.lenet5.Json;
import io.lenet5.TestData;
import io.lenet5.TestImages;
import io.lenet5.export.ModelExporter;
import io.lenet5.export.SavedModelClassifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export}, {@code evaluate} and {@code predict} as a user runs them, on one small model
 * trained once by {@code train}.
 */
class ExportCommandsTest {
  @TempDir static Path dir;
  static Path checkpoint;
  static Path model;
  static TrainReport metrics;

  @BeforeAll
  static void trainAndExport() throws Exception {
    Path runDir = dir.resolve("run");
    MainTest.Run train = TestRuns.tinyTrain(runDir, 1);
    assertEquals(0, train.status(), train.err());
    checkpoint = runDir.resolve(TrainCommand.CHECKPOINT);
    metrics = Json.read(runDir.resolve(TrainCommand.METRICS), TrainReport.class);
    model = dir.resolve("model");
    MainTest.Run export =
        run("export", "--checkpoint", checkpoint.toString(), "--out", model.toString());
    assertEquals(0, export.status(), export.err());
    assertEquals(
        String.format(
            java.util.Locale.ROOT,
            "exported epoch 1 of %s to %s (SavedModel, model.keras, metadata.json); test accuracy"
                + " %.4f%n",
            checkpoint,
            model,
            metrics.testAccuracy()),
        export.out());
  }

  @Test
  void exportRecordsTheRunsProvenance() throws Exception {
    JsonNode p =
        Json.MAPPER.readTree(model.resolve(ModelExporter.METADATA_FILE).toFile()).get("provenance");
    assertEquals(metrics.testAccuracy(), p.get("testAccuracy").asDouble());
    assertEquals(metrics.validationAccuracy(), p.get("validationAccuracy").asDouble());
    assertEquals(
        Json.MAPPER
            .valueToTree(metrics.spec().withData(metrics.spec().data().withDir(null)))
            .toString(),
        p.get("spec").toString(),
        "the run's spec without its data folder");
    assertTrue(p.at("/spec/data/dir").isMissingNode(), p.toString());
    assertEquals("train run, epoch 1", p.get("source").asText());
    assertEquals(
        metrics.dataSha256().get("t10k-images-idx3-ubyte"),
        p.at("/dataSha256/t10k-images-idx3-ubyte").asText());
    assertEquals(4, p.get("dataSha256").size());
    assertEquals(42, p.get("seed").asLong());
    assertEquals(1, p.get("epochs").asInt());
    assertEquals(100, p.at("/hyperparameters/batchSize").asInt());
    assertEquals(64, p.get("specSha256").asText().length());
  }

  @Test
  void evaluateGivesTrainingsTestAccuracyAndEnforcesTheThreshold() throws Exception {
    Path predictions = dir.resolve("predictions.npy");
    MainTest.Run r =
        run(
            "evaluate",
            "--model",
            model.toString(),
            "--data-dir",
            TestData.dir().toString(),
            "--json",
            "--min-accuracy",
            "0.999",
            "--predictions-out",
            predictions.toString());
    assertEquals(EvaluateCommand.BELOW_THRESHOLD, r.status(), r.err());
    JsonNode report = Json.MAPPER.readTree(r.out());
    double accuracy = report.get("accuracy").asDouble();
    // TrainingSession takes the arg max of the logits, the SavedModel of the softmax: a near tie
    // may round to equal probabilities, so allow one image of difference.
    assertEquals(metrics.testAccuracy(), accuracy, 1e-4);
    assertEquals(
        String.format(
            java.util.Locale.ROOT, "accuracy %.4f is below --min-accuracy 0.9990%n", accuracy),
        r.err());
    assertEquals(10_000, report.get("images").asInt());
    assertEquals(10, report.get("confusionMatrix").size());
    assertEquals("keras_tensor", report.get("input").asText());
    assertTrue(!report.get("passed").asBoolean());

    byte[] npy = Files.readAllBytes(predictions);
    assertEquals(128 + 10_000 * 10 * 4, npy.length);
    String header = new String(npy, 10, 118, java.nio.charset.StandardCharsets.US_ASCII);
    assertTrue(
        header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (10000, 10), }"),
        header);
    float[] p = new float[10_000 * 10];
    ByteBuffer.wrap(npy, 128, p.length * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(p);
    int correct = 0;
    for (int i = 0; i < 10_000; i++) {
      correct += SavedModelClassifier.best(p, i, 10) == TestData.mnist().test().label(i) ? 1 : 0;
    }
    assertEquals(report.get("correct").asInt(), correct);
  }

  @Test
  void evaluatePrintsAReadableReport() {
    MainTest.Run r =
        run(
            "evaluate",
            "--model",
            model.toString(),
            "--data-dir",
            TestData.dir().toString(),
            "--min-accuracy",
            "0.1",
            "--batch-size",
            "333");
    assertEquals(0, r.status(), r.err());
    String[] lines = r.out().split("\n");
    assertEquals("model " + model + " (serving_default: keras_tensor -> output_0)", lines[0]);
    assertTrue(lines[1].matches("test accuracy 0\\.\\d{4} \\([\\d,]+ of 10,000\\)"), lines[1]);
    assertTrue(lines[2].startsWith("per class:  0 0."), lines[2]);
    assertEquals(
        "confusion matrix (rows: true class, columns: predicted class, by label):", lines[3]);
    assertEquals(15, lines.length);
  }

  @Test
  void evaluateWarnsWhenTheFilesAreNotThoseItsMetadataDescribes() throws Exception {
    // another model's whole variables/ copied in: the metadata's accuracy is no longer this one's
    Path swapped = dir.resolve("swapped");
    copyTree(model, swapped);
    AtomicFiles.deleteRecursively(swapped.resolve("variables"));
    copyTree(Path.of("saved-models", "lenet5-mnist", "variables"), swapped.resolve("variables"));
    MainTest.Run r =
        run("evaluate", "--model", swapped.toString(), "--data-dir", TestData.dir().toString());
    assertEquals(0, r.status(), r.err());
    assertEquals(
        "warning: "
            + swapped.resolve(ModelExporter.METADATA_FILE)
            + ": the model's files differ from the SHA-256 digests it records"
            + " (variables/variables.data-00000-of-00001, variables/variables.index); the figures"
            + " it records may be another model's\n",
        r.err());
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
  }

  @Test
  void evaluateRejectsWhatIsNotADigitClassifier() throws Exception {
    Path missing = dir.resolve("nothing-here");
    assertError(
        "error: " + missing + ": expected a SavedModel folder, found nothing",
        "evaluate",
        "--model",
        missing.toString());
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertError(
        "error: " + empty + ": not a SavedModel (expected saved_model.pb in it)",
        "evaluate",
        "--model",
        empty.toString());
    Path junk = Files.createDirectories(dir.resolve("junk"));
    Files.writeString(junk.resolve("saved_model.pb"), "not a protocol buffer");
    MainTest.Run r = run("evaluate", "--model", junk.toString());
    assertEquals(2, r.status());
    assertTrue(
        r.err()
            .startsWith("error: " + junk.resolve("saved_model.pb") + ": not a SavedModel graph ("),
        r.err());
    assertEquals(1, r.err().lines().count(), r.err());

    Path flat = OtherModels.flatInput(dir.resolve("flat"), "serving_default");
    assertError(
        "error: "
            + flat
            + ": signature 'serving_default' input 'x' is float32 of shape"
            + " (-1, 784); expected one float32 input of shape (-1, H, W, 1)",
        "evaluate",
        "--model",
        flat.toString());
    Path other = OtherModels.flatInput(dir.resolve("other-key"), "classify");
    assertError(
        "error: " + other + ": no 'serving_default' signature (found: classify)",
        "evaluate",
        "--model",
        other.toString());
    assertError("error: evaluate: --model DIR is required", "evaluate");
    assertError(
        "error: --min-accuracy: expected a fraction in [0, 1], got 99.3",
        "evaluate",
        "--model",
        model.toString(),
        "--min-accuracy",
        "99.3");
  }

  @Test
  void predictNamesTheDigitOfEachImage() throws Exception {
    Path gray = TestImages.png(dir.resolve("zero.png"), 0, 1, false, false);
    Path big = TestImages.png(dir.resolve("one-big.png"), 1, 4, true, false);
    Path inverted = TestImages.png(dir.resolve("two-inverted.png"), 2, 1, false, true);
    MainTest.Run r =
        run(
            "predict",
            "--model",
            model.toString(),
            gray.toString(),
            big.toString(),
            inverted.toString());
    assertEquals(0, r.status(), r.err());
    String[] lines = r.out().split("\n");
    assertEquals(3, lines.length, r.out());
    try (SavedModelClassifier classifier = SavedModelClassifier.open(model)) {
      float[] p =
          classifier.probabilities(
              io.lenet5.export.DigitImage.read(gray, io.lenet5.data.Dataset.MNIST_SIDE, true)
                  .pixels(),
              1);
      int digit = SavedModelClassifier.best(p, 0, 10);
      assertEquals(
          String.format(java.util.Locale.ROOT, "%s: %d (probability %.4f)", gray, digit, p[digit]),
          lines[0]);
    }
    assertTrue(lines[1].startsWith(big + ": "), lines[1]);
    assertTrue(lines[2].endsWith(" [inverted: dark on a light background]"), lines[2]);
  }

  @Test
  void predictErrorsAreOneLine() throws Exception {
    Path missing = dir.resolve("missing.png");
    assertError(
        "error: " + missing + ": expected a PNG image, found nothing",
        "predict",
        "--model",
        model.toString(),
        missing.toString());
    Path corrupt =
        Files.write(dir.resolve("corrupt.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
    MainTest.Run r = run("predict", "--model", model.toString(), corrupt.toString());
    assertEquals(2, r.status());
    assertTrue(r.err().startsWith("error: " + corrupt + ": "), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertError(
        "error: predict: expected one or more image files after the options, got none",
        "predict",
        "--model",
        model.toString());
  }

  @Test
  void exportErrors() {
    Path missing = dir.resolve("no.ckpt");
    assertError(
        "error: " + missing + ": checkpoint not found",
        "export",
        "--checkpoint",
        missing.toString(),
        "--out",
        dir.resolve("x").toString());
    assertError(
        "error: "
            + model
            + ": expected a new or empty folder for the export, found files"
            + " in it; remove them or choose another folder",
        "export",
        "--checkpoint",
        checkpoint.toString(),
        "--out",
        model.toString());
    assertError(
        "error: export: --out is required", "export", "--checkpoint", checkpoint.toString());
  }

  @Test
  void helpListsTheNewCommands() {
    String out = run("--help").out();
    for (String command : new String[] {"export", "evaluate", "predict"}) {
      assertTrue(out.contains("  " + command + " "), out);
      assertEquals(0, run(command, "--help").status());
    }
  }

  private static void assertError(String expected, String... args) {
    MainTest.Run r = run(args);
    assertEquals(2, r.status(), r.out());
    assertEquals(expected + "\n", r.err());
  }
}
