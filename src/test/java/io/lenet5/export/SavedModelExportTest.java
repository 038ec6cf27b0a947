package io.lenet5.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.TestData;
import io.lenet5.UserException;
import io.lenet5.data.Dataset;
import io.lenet5.data.KnownDataset;
import io.lenet5.model.Activation;
import io.lenet5.model.LeNet5;
import io.lenet5.model.ModelConfig;
import io.lenet5.model.Pooling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.GraphOperation;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.proto.DataType;

/** The SavedModel half of an export, read back with TF Java's own loader. */
class SavedModelExportTest {
  private static final Provenance PROVENANCE =
      new Provenance("test", null, 42, Map.of(), 1, Map.of(), null, null);

  @TempDir Path dir;

  @Test
  void roundTripGivesTheForwardPassProbabilities() {
    Dataset test = TestData.mnist().test();
    Map<String, float[]> trained =
        Forward.trainedWeights(TestData.split().train().head(500), ModelConfig.DEFAULT);
    ModelConfig tanhMax = new ModelConfig(Activation.TANH, Pooling.MAX);
    for (var c :
        List.of(
            Map.entry(ModelConfig.DEFAULT, trained),
            Map.entry(tanhMax, LeNet5.STRICT.initialWeights(7)))) {
      Path out = dir.resolve(c.getKey().activation() + "-" + c.getKey().pooling());
      ModelExporter.export(
          c.getValue(), c.getKey(), "mnist", KnownDataset.MNIST.classNames(), PROVENANCE, out);
      float[] pixels = Forward.pixels(test, 200);
      float[] expected = Forward.probabilities(c.getValue(), c.getKey(), pixels, 200);
      try (SavedModelClassifier model = SavedModelClassifier.open(out)) {
        float[] found = model.probabilities(pixels, 200);
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], found[i], 1e-5f, c.getKey() + ", value " + i);
        }
      }
    }
  }

  @Test
  void signaturesAreThoseKerasAndServingUse() {
    Path out = dir.resolve("model");
    ModelExporter.export(
        LeNet5.STRICT.initialWeights(1),
        ModelConfig.DEFAULT,
        "mnist",
        KnownDataset.MNIST.classNames(),
        PROVENANCE,
        out);
    try (SavedModelBundle bundle = SavedModelBundle.load(out.toString())) {
      assertEquals(List.of("serve"), bundle.metaGraphDef().getMetaInfoDef().getTagsList());
      Set<String> keys =
          bundle.signatures().stream().map(Signature::key).collect(Collectors.toSet());
      assertEquals(Set.of("serving_default", "serve"), keys);
      for (Signature s : bundle.signatures()) {
        assertEquals("tensorflow/serving/predict", s.methodName());
        Signature.TensorDescription in = s.getInputs().get("keras_tensor");
        assertEquals(DataType.DT_FLOAT, in.dataType);
        assertArrayEquals(new long[] {-1, 28, 28, 1}, in.shape.asArray());
        Signature.TensorDescription output = s.getOutputs().get("output_0");
        assertEquals(DataType.DT_FLOAT, output.dataType);
        assertArrayEquals(new long[] {-1, 10}, output.shape.asArray());
        assertEquals(Set.of("keras_tensor"), s.inputNames());
        assertEquals(Set.of("output_0"), s.outputNames());
      }
      // Forward only: the input and the saver's file name are the only placeholders, and no op
      // trains (the saver's Assign ops restore the variables on load).
      Set<String> placeholders = new TreeSet<>();
      Set<String> types = new TreeSet<>();
      bundle
          .graph()
          .operations()
          .forEachRemaining(
              o -> {
                GraphOperation op = (GraphOperation) o;
                types.add(op.type());
                if (op.type().equals("Placeholder")) {
                  placeholders.add(op.name());
                }
              });
      assertEquals(Set.of("keras_tensor", "save/filename"), placeholders);
      assertTrue(
          types.stream()
              .noneMatch(
                  t -> t.startsWith("Apply") || t.contains("Grad") || t.contains("CrossEntropy")),
          types.toString());
    }
  }

  @Test
  void writesTheDocumentedLayoutAndNoLeftovers() throws Exception {
    Path out = dir.resolve("nested").resolve("model");
    ModelExporter.export(
        LeNet5.STRICT.initialWeights(1),
        ModelConfig.DEFAULT,
        "mnist",
        KnownDataset.MNIST.classNames(),
        PROVENANCE,
        out);
    for (String f :
        List.of(
            "saved_model.pb",
            "variables/variables.index",
            "variables/variables.data-00000-of-00001",
            "model.keras",
            "metadata.json")) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f);
    }
    try (Stream<Path> siblings = Files.list(out.getParent())) {
      assertEquals(List.of(out), siblings.toList(), "no staging folder left behind");
    }
  }

  @Test
  void anEmptyFolderIsReplacedButFilesAreNot() throws Exception {
    Path out = Files.createDirectories(dir.resolve("empty"));
    ModelExporter.export(
        LeNet5.STRICT.initialWeights(1),
        ModelConfig.DEFAULT,
        "mnist",
        KnownDataset.MNIST.classNames(),
        PROVENANCE,
        out);
    assertTrue(Files.exists(out.resolve("saved_model.pb")));

    UserException again =
        assertThrows(
            UserException.class,
            () ->
                ModelExporter.export(
                    LeNet5.STRICT.initialWeights(1),
                    ModelConfig.DEFAULT,
                    "mnist",
                    KnownDataset.MNIST.classNames(),
                    PROVENANCE,
                    out));
    assertEquals(
        out
            + ": expected a new or empty folder for the export, found files in it;"
            + " remove them or choose another folder",
        again.getMessage());
    Path file = Files.writeString(dir.resolve("file"), "x");
    UserException onFile =
        assertThrows(
            UserException.class,
            () ->
                ModelExporter.export(
                    LeNet5.STRICT.initialWeights(1),
                    ModelConfig.DEFAULT,
                    "mnist",
                    KnownDataset.MNIST.classNames(),
                    PROVENANCE,
                    file));
    assertEquals(
        file + ": expected a new or empty folder for the export, found a file",
        onFile.getMessage());
  }

  @Test
  void missingOrMisshapenWeightsAreNamed() {
    Map<String, float[]> weights = new HashMap<>(LeNet5.STRICT.initialWeights(1));
    weights.put("dense/bias", new float[12]);
    UserException e =
        assertThrows(
            UserException.class,
            () ->
                ModelExporter.export(
                    weights,
                    ModelConfig.DEFAULT,
                    "mnist",
                    KnownDataset.MNIST.classNames(),
                    PROVENANCE,
                    dir.resolve("m")));
    assertEquals(
        "weights: expected tensor 'dense/bias' with 120 values, got 12 values", e.getMessage());
    weights.remove("conv2d/kernel");
    e =
        assertThrows(
            UserException.class,
            () ->
                ModelExporter.export(
                    weights,
                    ModelConfig.DEFAULT,
                    "mnist",
                    KnownDataset.MNIST.classNames(),
                    PROVENANCE,
                    dir.resolve("m")));
    assertEquals(
        "weights: expected tensor 'conv2d/kernel' with 150 values, got none", e.getMessage());
    assertTrue(Files.notExists(dir.resolve("m")));
  }
}
