package io.lenet5.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lenet5.TestData;
import io.lenet5.data.Split;
import io.lenet5.model.LeNet5;
import io.lenet5.model.ModelConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Pins the model that every default gives, against {@code default-model.golden} as recorded by a
 * build before the model became configurable: the initial weights bit for bit, the training graph
 * of each layout node for node, and the metrics of a short run. The same graph, weights and data
 * order give the same numbers bit for bit on one machine; the metrics are compared to 1e-6 only
 * because oneDNN's kernels differ between CPU generations. Rewrite it with {@code
 * -Dlenet5.rewriteGolden=true} only after a deliberate change to the strict LeNet-5.
 */
class DefaultModelGoldenTest {
  private static final Path GOLDEN =
      Path.of("src/test/resources/io/lenet5/train/default-model.golden");
  private static final Device CPU = new Device(Device.Kind.CPU, 0);
  private static final long SEED = 42;

  /** The layouts the CPU paths use: ordinary, tied groups, chained steps, and a replica. */
  private static final Map<String, StepLayout> LAYOUTS = layouts();

  @Test
  void theDefaultsGiveTheRecordedModel() throws Exception {
    Map<String, String> expected = read();
    Map<String, String> actual = record();
    for (String key : expected.keySet()) {
      if (key.startsWith("metric.")) {
        assertEquals(
            Double.parseDouble(expected.get(key)), Double.parseDouble(actual.get(key)), 1e-6, key);
      } else {
        assertEquals(expected.get(key), actual.get(key), key);
      }
    }
    assertEquals(expected.keySet(), actual.keySet());
  }

  @Test
  @EnabledIfSystemProperty(named = "lenet5.rewriteGolden", matches = "true")
  void rewriteGoldenFile() throws Exception {
    StringBuilder text = new StringBuilder();
    record().forEach((k, v) -> text.append(k).append(' ').append(v).append('\n'));
    Files.writeString(GOLDEN, text);
    System.out.print(text);
  }

  private static Map<String, String> record() throws Exception {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("parameters", Integer.toString(LeNet5.STRICT.parameterCount()));
    values.put("initialWeights", digest(LeNet5.STRICT.initialWeights(SEED)));
    TrainingConfig config = TrainingConfig.DEFAULT.withBatchSize(64).withEpochs(2);
    LAYOUTS.forEach(
        (name, layout) -> {
          try (ReplicaSession graph =
              new ReplicaSession(
                  ModelConfig.DEFAULT, config, CPU, layout, name.equals("replica"))) {
            values.put("graph." + name, describe(graph.graphDef()));
          }
        });
    Split split = TestData.split();
    try (TrainingSession session =
        new TrainingSession(ModelConfig.DEFAULT, config, CPU, StepLayout.ORDINARY)) {
      session.initialize(SEED);
      List<EpochMetrics> history =
          new Trainer(config, SEED, List.of())
              .fit(session, split.train().head(2000), split.validation().head(1000), List.of());
      for (EpochMetrics m : history) {
        values.put("metric.trainLoss." + m.epoch(), Double.toString(m.trainLoss()));
        values.put("metric.valLoss." + m.epoch(), Double.toString(m.valLoss()));
        values.put("metric.valAccuracy." + m.epoch(), Double.toString(m.valAccuracy()));
      }
    }
    return values;
  }

  private static Map<String, StepLayout> layouts() {
    Map<String, StepLayout> layouts = new LinkedHashMap<>();
    layouts.put("ordinary", StepLayout.ORDINARY);
    layouts.put("groups", new StepLayout(4, 1));
    layouts.put("chained", new StepLayout(4, 1, 2));
    layouts.put("replica", new StepLayout(4, 2));
    return layouts;
  }

  /** SHA-256 of every node's name, op, inputs, device and attributes in key order. */
  private static String describe(GraphDef graph) {
    StringBuilder text = new StringBuilder();
    for (NodeDef node : graph.getNodeList()) {
      text.append(node.getName()).append(' ').append(node.getOp()).append(' ');
      text.append(node.getInputList()).append(' ').append(node.getDevice()).append('\n');
      new TreeMap<>(node.getAttrMap())
          .forEach((k, v) -> text.append("  ").append(k).append('=').append(v).append('\n'));
    }
    return sha256(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String digest(Map<String, float[]> tensors) {
    List<byte[]> parts = new ArrayList<>();
    tensors.forEach(
        (name, values) -> {
          parts.add(name.getBytes(StandardCharsets.UTF_8));
          ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
          bytes.asFloatBuffer().put(values);
          parts.add(bytes.array());
        });
    int size = parts.stream().mapToInt(p -> p.length).sum();
    ByteBuffer all = ByteBuffer.allocate(size);
    parts.forEach(all::put);
    return sha256(all.array());
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> read() throws Exception {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(GOLDEN)) {
      int space = line.indexOf(' ');
      values.put(line.substring(0, space), line.substring(space + 1));
    }
    return values;
  }
}
