package io.lenet5.cli;

import static io.lenet5.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.TestData;
import io.lenet5.TestImages;
import io.lenet5.TrustModels;
import io.lenet5.export.CraftedModels;
import io.lenet5.export.TestSavedModels;
import io.lenet5.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} and {@code predict} on SavedModels that do more than classify: refused before
 * they load unless trusted, and stopped by the time limit when trusted.
 */
class UntrustedModelTest {
  private static final String REFUSED = ": refused: the model uses ops outside the allow-list";

  @TempDir static Path dir;
  static Path image;

  @BeforeAll
  static void image() throws Exception {
    image = TestImages.png(dir.resolve("seven.png"), 0, 1, false, false);
  }

  @BeforeEach
  void noWrittenFile() throws Exception {
    Files.deleteIfExists(TrustModels.WRITTEN);
  }

  @Test
  void modelThatWritesAFileIsRefusedByEvaluateAndPredict() throws Exception {
    Path model = TrustModels.get(TrustModels.WRITES_FILE);
    String expected =
        "error: "
            + model
            + REFUSED
            + " of inference ops: WriteFile (when called); pass --trust-model only if you trust"
            + " it, as it runs with this program's file access\n";
    MainTest.Run evaluate =
        run("evaluate", "--model", model.toString(), "--data-dir", TestData.dir().toString());
    assertEquals(2, evaluate.status(), evaluate.out());
    assertEquals(expected, evaluate.err());
    MainTest.Run predict = run("predict", "--model", model.toString(), image.toString());
    assertEquals(2, predict.status(), predict.out());
    assertEquals(expected, predict.err());
    assertFalse(Files.exists(TrustModels.WRITTEN));

    // What the check stops: trusted, the same model writes its file.
    MainTest.Run trusted =
        run("predict", "--model", model.toString(), "--trust-model", image.toString());
    assertEquals(0, trusted.status(), trusted.err());
    assertTrue(trusted.err().startsWith("warning: --trust-model: "), trusted.err());
    assertTrue(Files.exists(TrustModels.WRITTEN));
    Files.delete(TrustModels.WRITTEN);
  }

  @Test
  void modelWhoseInitOpWritesAFileIsRefusedBeforeLoading() {
    Path model = TrustModels.get(TrustModels.INIT_WRITES_FILE);
    MainTest.Run r = run("predict", "--model", model.toString(), image.toString());
    assertEquals(2, r.status(), r.out());
    assertTrue(r.err().startsWith("error: " + model + REFUSED), r.err());
    assertTrue(r.err().contains(": WriteFile (when loaded);"), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertFalse(Files.exists(TrustModels.WRITTEN));
  }

  @Test
  void endlessLoopIsRefusedOrStoppedByTheTimeLimit() {
    Path model = TrustModels.get(TrustModels.ENDLESS_LOOP);
    MainTest.Run refused = run("predict", "--model", model.toString(), image.toString());
    assertEquals(2, refused.status(), refused.out());
    assertTrue(
        refused.err().contains(": GreaterEqual (when called), StatelessWhile (when called);"),
        refused.err());

    MainTest.Run stopped =
        run(
            "predict",
            "--model",
            model.toString(),
            "--trust-model",
            "--timeout-seconds",
            "1",
            image.toString());
    assertEquals(2, stopped.status(), stopped.out());
    assertTrue(
        stopped
            .err()
            .endsWith(
                "error: "
                    + model
                    + ": the model failed: stopped after the time limit of 1 s"
                    + " (--timeout-seconds)\n"),
        stopped.err());
  }

  @Test
  void hundredThousandNestedFunctionsAreRefusedInOneLine() throws Exception {
    Path model = CraftedModels.chainedFunctions(dir.resolve("deep"), 100_000);
    MainTest.Run r = run("predict", "--model", model.toString(), image.toString());
    assertEquals(2, r.status(), r.out());
    assertEquals(
        "error: "
            + model
            + ": refused: the graph is larger than an inference model needs: 100,048 nodes with the"
            + " function calls inlined (at most 2,000), function calls 100,000 deep (at most 8);"
            + " pass --trust-model only if you trust it\n",
        r.err());
  }

  @Test
  void signatureThatNamesAnInt32TensorIsRefusedTrustedOrNot() throws Exception {
    Path model = CraftedModels.outputNamed(dir.resolve("int32"), "as_int:0");
    String expected =
        "error: "
            + model
            + ": signature 'serving_default' output 'output_0': expected its graph tensor"
            + " 'as_int:0' to be float32 as the signature declares, got int32\n";
    MainTest.Run r = run("predict", "--model", model.toString(), image.toString());
    assertEquals(2, r.status(), r.out());
    assertEquals(expected, r.err());
    MainTest.Run trusted =
        run("predict", "--model", model.toString(), "--trust-model", image.toString());
    assertEquals(2, trusted.status(), trusted.out());
    assertTrue(trusted.err().endsWith(expected), trusted.err());
  }

  @Test
  void bundledAndKerasModelsLoadWithoutTrust() {
    for (Path model :
        new Path[] {Path.of("saved-models", "lenet5-mnist"), TrustModels.get(TrustModels.KERAS)}) {
      MainTest.Run r = run("predict", "--model", model.toString(), image.toString());
      assertEquals(0, r.status(), r.err());
      assertEquals("", r.err());
      assertTrue(r.out().startsWith(image + ": "), r.out());
    }
  }

  @Test
  void timeLimitMustBePositive() {
    MainTest.Run r =
        run(
            "predict",
            "--model",
            TrustModels.get(TrustModels.KERAS).toString(),
            "--timeout-seconds",
            "0",
            image.toString());
    assertEquals(2, r.status());
    assertEquals("error: --timeout-seconds: must be >= 1, got 0\n", r.err());
  }

  @Test
  void modelWithoutVariablesIsAOneLineError() throws Exception {
    Path model = Files.createDirectories(dir.resolve("no-variables"));
    Files.copy(
        Path.of("saved-models", "lenet5-mnist", "saved_model.pb"), model.resolve("saved_model.pb"));
    MainTest.Run r =
        run("evaluate", "--model", model.toString(), "--data-dir", TestData.dir().toString());
    assertEquals(2, r.status());
    assertEquals(
        "error: "
            + model
            + ": the model has 10 variables but no variables/variables.index; copy the whole"
            + " SavedModel folder\n",
        r.err());
  }

  @Test
  void exportAndEvaluateRefuseNonFiniteWeights() throws Exception {
    Path runDir = dir.resolve("run");
    MainTest.Run train = TestRuns.tinyTrain(runDir, 1);
    assertEquals(0, train.status(), train.err());
    Checkpoint good = Checkpoint.read(runDir.resolve(TrainCommand.CHECKPOINT));
    Map<String, float[]> tensors = new HashMap<>(good.tensors());
    float[] bias = tensors.get("dense_2/bias").clone();
    bias[3] = Float.NaN;
    tensors.put("dense_2/bias", bias);
    Path nan = dir.resolve("nan.ckpt");
    new Checkpoint(
            good.model(), good.training(), good.seed(), good.history(), good.shapes(), tensors)
        .write(nan);
    MainTest.Run export =
        run("export", "--checkpoint", nan.toString(), "--out", dir.resolve("nan").toString());
    assertEquals(2, export.status(), export.out());
    assertTrue(
        export
            .err()
            .endsWith(
                "error: weights: tensor 'dense_2/bias' holds 1 non-finite values (NaN or infinity)"
                    + " of 10; the training diverged or the checkpoint is corrupt\n"),
        export.err());
    assertFalse(Files.exists(dir.resolve("nan")));

    Path model = TestSavedModels.write(tensors, dir.resolve("nan-model"));
    MainTest.Run evaluate =
        run("evaluate", "--model", model.toString(), "--data-dir", TestData.dir().toString());
    assertEquals(2, evaluate.status(), evaluate.out());
    assertTrue(
        evaluate
            .err()
            .endsWith(
                "error: "
                    + model
                    + ": weight 'dense_2/bias' holds 1 non-finite values (NaN or infinity) of 10;"
                    + " the model is corrupt or its training diverged\n"),
        evaluate.err());
  }
}
