package io.lenet5.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lenet5.Json;
import io.lenet5.model.LeNet5;
import io.lenet5.model.ModelConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.NodeDef;

/**
 * Pins what export writes for the default model, against {@code default-export.golden} as recorded
 * by a build before the model became configurable: the SavedModel's serving graph node for node and
 * the Keras archive's {@code config.json}. Rewrite it with {@code -Dlenet5.rewriteGolden=true} only
 * after a deliberate change to the strict LeNet-5's export.
 */
class DefaultExportGoldenTest {
  private static final Path GOLDEN =
      Path.of("src/test/resources/io/lenet5/export/default-export.golden");

  @Test
  void theDefaultsExportTheRecordedModel(@TempDir Path dir) throws Exception {
    assertEquals(Files.readString(GOLDEN), record(dir));
  }

  @Test
  @EnabledIfSystemProperty(named = "lenet5.rewriteGolden", matches = "true")
  void rewriteGoldenFile(@TempDir Path dir) throws Exception {
    Files.writeString(GOLDEN, record(dir));
  }

  private static String record(Path dir) throws Exception {
    Map<String, String> values = new LinkedHashMap<>();
    Path saved = dir.resolve("saved");
    SavedModelWriter.write(LeNet5.STRICT.initialWeights(42), ModelConfig.DEFAULT, saved);
    StringBuilder nodes = new StringBuilder();
    for (NodeDef node : SavedModelFile.read(saved).getGraphDef().getNodeList()) {
      nodes.append(node.getName()).append(' ').append(node.getOp()).append(' ');
      nodes.append(node.getInputList()).append('\n');
      new TreeMap<>(node.getAttrMap())
          .forEach((k, v) -> nodes.append("  ").append(k).append('=').append(v).append('\n'));
    }
    values.put("savedModelGraph", sha256(nodes.toString()));
    values.put(
        "kerasConfig", sha256(Json.canonical(KerasModelConfig.sequential(ModelConfig.DEFAULT))));
    StringBuilder text = new StringBuilder();
    values.forEach((k, v) -> text.append(k).append(' ').append(v).append('\n'));
    return text.toString();
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
