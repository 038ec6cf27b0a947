package io.lenet5.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.TrustModels;
import io.lenet5.UserException;
import io.lenet5.data.KnownDataset;
import io.lenet5.model.LeNet5;
import io.lenet5.model.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;

/** Opening SavedModels that are broken, dangerous or not quite what they claim to be. */
class TrustedModelTest {
  private static final Path BUNDLED = Path.of("saved-models", "lenet5-mnist");

  @TempDir Path dir;

  @Test
  void kerasExportLoadsWithoutTrust() {
    try (SavedModelClassifier model =
        SavedModelClassifier.open(TrustModels.get(TrustModels.KERAS))) {
      float[] p = model.probabilities(new float[2 * 784], 2);
      double sum = 0;
      for (int i = 0; i < 10; i++) {
        sum += p[i];
      }
      assertEquals(1, sum, 1e-5);
    }
  }

  @Test
  void trustedEndlessLoopIsStoppedByTheTimeLimit() {
    Path model = TrustModels.get(TrustModels.ENDLESS_LOOP);
    try (SavedModelClassifier classifier =
        SavedModelClassifier.open(model, new TrustOptions(true, Duration.ofSeconds(1)))) {
      UserException e =
          assertThrows(UserException.class, () -> classifier.probabilities(new float[784], 1));
      assertEquals(
          model + ": the model failed: stopped after the time limit of 1 s (--timeout-seconds)",
          e.getMessage());
    }
  }

  @Test
  void timeLimitIsAtLeastOneMillisecond() {
    assertEquals(
        "timeout: expected at least one millisecond, got PT0S",
        assertThrows(UserException.class, () -> new TrustOptions(false, Duration.ZERO))
            .getMessage());
    assertEquals(7, new TrustOptions(true, Duration.ofMillis(7)).runOptions().getTimeoutInMs());
  }

  @Test
  void nonFiniteWeightsAreRefused() throws Exception {
    Map<String, float[]> weights = new java.util.HashMap<>(LeNet5.STRICT.initialWeights(3));
    float[] kernel = weights.get("dense_1/kernel").clone();
    kernel[5] = Float.NaN;
    kernel[9] = Float.POSITIVE_INFINITY;
    weights.put("dense_1/kernel", kernel);
    Path model = dir.resolve("nan");
    SavedModelWriter.write(weights, ModelConfig.DEFAULT, model);
    assertEquals(
        model
            + ": weight 'dense_1/kernel' holds 2 non-finite values (NaN or infinity) of 10080;"
            + " the model is corrupt or its training diverged",
        assertThrows(UserException.class, () -> SavedModelClassifier.open(model)).getMessage());

    Path export = dir.resolve("export");
    Provenance provenance = new Provenance("test", null, 1, Map.of(), 1, Map.of(), null, null);
    assertEquals(
        "weights: tensor 'dense_1/kernel' holds 2 non-finite values (NaN or infinity) of 10080;"
            + " the training diverged or the checkpoint is corrupt",
        assertThrows(
                UserException.class,
                () ->
                    ModelExporter.export(
                        weights,
                        ModelConfig.DEFAULT,
                        "mnist",
                        KnownDataset.MNIST.classNames(),
                        provenance,
                        export))
            .getMessage());
    assertFalse(Files.exists(export));
  }

  @Test
  void signatureTensorsAreCheckedAgainstTheGraph() throws Exception {
    String expected = ": signature 'serving_default' output 'output_0': expected ";
    Path int32 = CraftedModels.outputNamed(dir.resolve("int32"), "as_int:0");
    assertEquals(
        int32
            + expected
            + "its graph tensor 'as_int:0' to be float32 as the signature declares, got int32",
        message(int32));
    for (String missing : new String[] {"nothing:0", "output_0:1", "output_0:x"}) {
      Path model = CraftedModels.outputNamed(dir.resolve(missing.replace(':', '_')), missing);
      assertEquals(
          model + expected + "a tensor of the graph, got '" + missing + "', which it lacks",
          message(model));
    }
  }

  @Test
  void modelWithoutItsVariablesIsRefusedBeforeLoading() throws Exception {
    Path model = Files.createDirectories(dir.resolve("no-variables"));
    Files.copy(BUNDLED.resolve("saved_model.pb"), model.resolve("saved_model.pb"));
    assertEquals(
        model
            + ": the model has 10 variables but no variables/variables.index; copy the whole"
            + " SavedModel folder",
        message(model));
  }

  @Test
  void unreadableGraphsAreOneLineErrors() throws Exception {
    Path folderPb = Files.createDirectories(dir.resolve("folder-pb").resolve("saved_model.pb"));
    assertEquals(folderPb + ": expected a file, found a folder", message(folderPb.getParent()));

    Path junk = Files.createDirectories(dir.resolve("junk"));
    Files.write(junk.resolve("saved_model.pb"), new byte[] {(byte) 0xff, 1, 2, 3});
    String junkMessage = message(junk);
    assertEquals(
        junk.resolve("saved_model.pb") + ": not a SavedModel graph (",
        junkMessage.substring(0, junkMessage.indexOf('(') + 1));
    assertEquals(1, junkMessage.lines().count(), junkMessage);

    Path training = Files.createDirectories(dir.resolve("training-tag"));
    SavedModel saved = SavedModel.parseFrom(Files.readAllBytes(BUNDLED.resolve("saved_model.pb")));
    MetaGraphDef graph = saved.getMetaGraphs(0);
    graph =
        graph.toBuilder()
            .setMetaInfoDef(graph.getMetaInfoDef().toBuilder().clearTags().addTags("train"))
            .build();
    Files.write(
        training.resolve("saved_model.pb"),
        saved.toBuilder().setMetaGraphs(0, graph).build().toByteArray());
    assertEquals(
        training.resolve("saved_model.pb")
            + ": expected a graph tagged [serve], found tags [[train]]",
        message(training));
  }

  @Test
  void truncatedVariablesAreAOneLineLoadError() throws Exception {
    Path model = Files.createDirectories(dir.resolve("truncated").resolve("variables"));
    Files.copy(BUNDLED.resolve("saved_model.pb"), model.resolveSibling("saved_model.pb"));
    Files.copy(BUNDLED.resolve("variables/variables.index"), model.resolve("variables.index"));
    byte[] data = Files.readAllBytes(BUNDLED.resolve("variables/variables.data-00000-of-00001"));
    Files.write(
        model.resolve("variables.data-00000-of-00001"),
        java.util.Arrays.copyOf(data, data.length / 2));
    String message = message(model.getParent());
    assertTrue(message.startsWith(model.getParent() + ": cannot load the SavedModel: "), message);
    assertEquals(1, message.lines().count(), message);
  }

  @Test
  void textGraphsAreCheckedToo() throws Exception {
    Path text = Files.createDirectories(dir.resolve("text"));
    SavedModel saved =
        SavedModel.parseFrom(
            Files.readAllBytes(TrustModels.get(TrustModels.WRITES_FILE).resolve("saved_model.pb")));
    Files.writeString(text.resolve("saved_model.pbtxt"), saved.toString());
    assertEquals(
        Map.of("WriteFile", "when called"), OpAllowList.offending(SavedModelFile.read(text)));
  }

  private static String message(Path model) {
    return assertThrows(UserException.class, () -> SavedModelClassifier.open(model)).getMessage();
  }
}
