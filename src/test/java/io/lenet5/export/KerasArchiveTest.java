package io.lenet5.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.lenet5.Json;
import io.lenet5.model.Activation;
import io.lenet5.model.LeNet5;
import io.lenet5.model.ModelConfig;
import io.lenet5.model.Pooling;
import io.lenet5.model.WeightSpec;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .keras archive: zip entries, Keras config, and the HDF5 weights read back with jhdf. */
class KerasArchiveTest {
  private static final Instant SAVED = Instant.parse("2025-01-02T03:04:05Z");

  @TempDir Path dir;

  @Test
  void archiveHoldsKerasMetadataConfigAndWeights() throws Exception {
    Path file = dir.resolve("model.keras");
    KerasArchiveWriter.write(LeNet5.STRICT.initialWeights(3), ModelConfig.DEFAULT, file, SAVED);
    Map<String, byte[]> entries = unzip(file);
    assertEquals(
        List.of("metadata.json", "config.json", "model.weights.h5"), List.copyOf(entries.keySet()));
    JsonNode metadata = Json.MAPPER.readTree(entries.get("metadata.json"));
    assertEquals("3.15.1", metadata.get("keras_version").asText());
    assertEquals("2025-01-02@03:04:05", metadata.get("date_saved").asText());
    try (Stream<Path> leftovers = Files.list(dir)) {
      assertEquals(List.of(file), leftovers.toList(), "no temporary HDF5 file left behind");
    }
  }

  @Test
  void configFollowsTheModelConfig() throws Exception {
    for (ModelConfig model :
        List.of(ModelConfig.DEFAULT, new ModelConfig(Activation.TANH, Pooling.MAX))) {
      Path file = dir.resolve(model.activation() + ".keras");
      KerasArchiveWriter.write(LeNet5.STRICT.initialWeights(3), model, file, SAVED);
      JsonNode config = Json.MAPPER.readTree(unzip(file).get("config.json"));
      assertEquals("Sequential", config.get("class_name").asText());
      assertEquals(0, config.path("compile_config").size(), "no optimizer state, so not compiled");
      List<String> names = new ArrayList<>();
      List<String> classes = new ArrayList<>();
      List<String> activations = new ArrayList<>();
      for (JsonNode layer : config.get("config").get("layers")) {
        names.add(layer.get("config").get("name").asText());
        classes.add(layer.get("class_name").asText());
        if (layer.get("config").has("activation")) {
          activations.add(layer.get("config").get("activation").asText());
        }
      }
      String pool = model.pooling() == Pooling.AVERAGE ? "average_pooling2d" : "max_pooling2d";
      assertEquals(
          List.of(
              "input_layer",
              "conv2d",
              pool,
              "conv2d_1",
              pool + "_1",
              "flatten",
              "dense",
              "dense_1",
              "dense_2"),
          names);
      String poolClass = model.pooling().kerasClassName();
      assertEquals(
          List.of(
              "InputLayer",
              "Conv2D",
              poolClass,
              "Conv2D",
              poolClass,
              "Flatten",
              "Dense",
              "Dense",
              "Dense"),
          classes);
      String act = model.activation().kerasName();
      assertEquals(List.of(act, act, act, act, "softmax"), activations);
      JsonNode input = config.get("config").get("layers").get(0).get("config");
      assertEquals("[null,28,28,1]", input.get("batch_shape").toString());
      JsonNode conv = config.get("config").get("layers").get(1).get("config");
      assertEquals("same", conv.get("padding").asText());
      assertEquals(
          "valid", config.get("config").get("layers").get(3).get("config").get("padding").asText());
      assertEquals(6, conv.get("filters").asInt());
    }
  }

  @Test
  void weightsAreFloat32AtKerasPathsInKerasLayouts() throws Exception {
    Map<String, float[]> weights = LeNet5.STRICT.initialWeights(3);
    weights.put("dense_2/bias", new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    Path file = dir.resolve("model.keras");
    KerasArchiveWriter.write(weights, ModelConfig.DEFAULT, file, SAVED);
    Path h5 = Files.write(dir.resolve("model.weights.h5"), unzip(file).get("model.weights.h5"));
    try (HdfFile hdf = new HdfFile(h5)) {
      for (WeightSpec w : LeNet5.STRICT.weights()) {
        String path = "layers/" + w.layer() + "/vars/" + (w.isKernel() ? "0" : "1");
        Dataset dataset = hdf.getDatasetByPath(path);
        assertEquals(float.class, dataset.getJavaType(), path);
        assertArrayEquals(
            w.shape(), Arrays.stream(dataset.getDimensions()).asLongStream().toArray(), path);
        assertArrayEquals(weights.get(w.name()), flatten(dataset.getData()), path);
        assertEquals(
            w.layer(),
            hdf.getByPath("layers/" + w.layer() + "/vars").getAttribute("name").getData());
      }
      assertEquals(10, countDatasets(hdf), "every object header in the file reads back");
    }
  }

  /** Visits every node, so that a damaged object header anywhere fails the test. */
  private static int countDatasets(Group group) {
    int n = 0;
    for (Node child : group.getChildren().values()) {
      n += child instanceof Group g ? countDatasets(g) : 1;
    }
    return n;
  }

  private static float[] flatten(Object nested) {
    if (nested instanceof float[] row) {
      return row;
    }
    List<float[]> parts = new ArrayList<>();
    for (Object child : (Object[]) nested) {
      parts.add(flatten(child));
    }
    float[] all = new float[parts.stream().mapToInt(p -> p.length).sum()];
    int offset = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, all, offset, p.length);
      offset += p.length;
    }
    return all;
  }

  static Map<String, byte[]> unzip(Path file) throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(file);
        ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        entries.put(e.getName(), zip.readAllBytes());
      }
    }
    assertTrue(!entries.isEmpty(), file + " is a zip");
    return entries;
  }
}
