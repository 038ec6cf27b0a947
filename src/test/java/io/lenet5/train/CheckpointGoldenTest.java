package io.lenet5.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.lenet5.Json;
import io.lenet5.model.Activation;
import io.lenet5.model.ModelConfig;
import io.lenet5.model.Pooling;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint format, pinned by {@code golden.ckpt}: a small checkpoint with two epochs of
 * history and three tensors (a bias, its Adam slot and the step) must write out byte for byte and
 * read back field for field. After a deliberate format change, rewrite it with {@code mvn test
 * -Dtest=CheckpointGoldenTest -Dlenet5.rewriteGolden=true} and review the header printed by {@link
 * #header}.
 */
class CheckpointGoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/io/lenet5/train/golden.ckpt");

  /**
   * The same checkpoint in format 1 (no checksum), read where an older build may have written it.
   */
  private static final Path FORMAT_1 =
      Path.of("src/test/resources/io/lenet5/train/golden-format1.ckpt");

  /** The checkpoint the golden file holds: tiny tensors, so the file stays readable in a diff. */
  static Checkpoint generate() {
    TrainingConfig training =
        Json.parse(
            """
            {"optimizer": "adam", "learningRate": 0.002, "batchSize": 64, "epochs": 3,
             "schedule": "cosine", "decayEpochs": 27, "augmentShift": 1}
            """,
            TrainingConfig.class,
            "golden training config");
    Map<String, long[]> shapes = new LinkedHashMap<>();
    Map<String, float[]> tensors = new LinkedHashMap<>();
    shapes.put("dense_2/bias", new long[] {10});
    tensors.put(
        "dense_2/bias",
        new float[] {0.5f, -1.25f, 3e-8f, 0f, -0f, 1024.75f, 0.125f, -0.0625f, 7f, 1f});
    shapes.put("optimizer/m/dense_2/bias", new long[] {10});
    tensors.put("optimizer/m/dense_2/bias", new float[] {1e-3f, 0, 0, 0, 0, 0, 0, 0, 0, -2e-3f});
    shapes.put("optimizer/iterations", new long[0]);
    tensors.put("optimizer/iterations", new float[] {1718f});
    return new Checkpoint(
        new ModelConfig(Activation.TANH, Pooling.MAX),
        training,
        42,
        List.of(
            new EpochMetrics(1, 0.412, 0.8731, 0.2054, 0.9402, 15234.5, 3.61, 3.61),
            new EpochMetrics(2, 0.1875, 0.9447, 0.125, 0.9611, 16001.25, 3.44, 7.05)),
        shapes,
        tensors);
  }

  @Test
  void generatorStillWritesTheGoldenFile(@TempDir Path dir) throws Exception {
    Path written = dir.resolve("checkpoint.ckpt");
    generate().write(written);
    assertEquals(header(GOLDEN), header(written));
    assertArrayEquals(Files.readAllBytes(GOLDEN), Files.readAllBytes(written));
  }

  @Test
  void goldenFileReadsBackFieldForField() {
    assertReadsBack(Checkpoint.read(GOLDEN));
  }

  @Test
  void formatOneStillReadsBack() {
    Checkpoint.Read read = Checkpoint.readAnyFormat(FORMAT_1);
    assertFalse(read.checksummed());
    assertReadsBack(read.checkpoint());
  }

  private static void assertReadsBack(Checkpoint read) {
    Checkpoint expected = generate();
    assertEquals(expected.model(), read.model());
    assertEquals(expected.training(), read.training());
    assertEquals(expected.seed(), read.seed());
    assertEquals(expected.history(), read.history());
    assertEquals(2, read.epoch());
    assertEquals(List.copyOf(expected.tensors().keySet()), List.copyOf(read.tensors().keySet()));
    for (String name : expected.tensors().keySet()) {
      assertArrayEquals(expected.shapes().get(name), read.shapes().get(name), name);
      assertArrayEquals(expected.tensors().get(name), read.tensors().get(name), name);
    }
    assertEquals(
        Float.floatToRawIntBits(-0f),
        Float.floatToRawIntBits(read.tensors().get("dense_2/bias")[4]));
  }

  /** The JSON header of a checkpoint file, as text, for a readable failure. */
  static String header(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    int length = ByteBuffer.wrap(bytes, 8, 4).getInt();
    return new String(Arrays.copyOfRange(bytes, 12, 12 + length), StandardCharsets.UTF_8);
  }

  @Test
  @EnabledIfSystemProperty(named = "lenet5.rewriteGolden", matches = "true")
  void rewriteGoldenFile() throws Exception {
    Files.createDirectories(GOLDEN.getParent());
    generate().write(GOLDEN);
    System.out.println(header(GOLDEN));
  }
}
