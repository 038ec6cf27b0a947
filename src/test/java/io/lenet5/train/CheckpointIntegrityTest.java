package io.lenet5.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.UserException;
import io.lenet5.model.LeNet5;
import io.lenet5.model.ModelConfig;
import io.lenet5.model.WeightSpec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints carry a checksum, and their headers are checked before anything is allocated. */
class CheckpointIntegrityTest {
  @TempDir Path tmp;

  /** A complete Adam checkpoint with made-up values, built without TensorFlow. */
  static Checkpoint sample() {
    Map<String, float[]> tensors = new LinkedHashMap<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (WeightSpec w : LeNet5.WEIGHTS) {
      for (String prefix : List.of("", "optimizer/m/", "optimizer/v/")) {
        float[] values = new float[w.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = (i % 7) * 0.01f;
        }
        tensors.put(prefix + w.name(), values);
        shapes.put(prefix + w.name(), w.shape());
      }
    }
    tensors.put("optimizer/iterations", new float[] {3});
    shapes.put("optimizer/iterations", new long[0]);
    EpochMetrics epoch = new EpochMetrics(1, 0.5, 0.8, 0.4, 0.85, 1000, 2, 2);
    return new Checkpoint(
        ModelConfig.DEFAULT, TrainingConfig.DEFAULT, 7, List.of(epoch), shapes, tensors);
  }

  private String failure(Path file) {
    return assertThrows(UserException.class, () -> Checkpoint.read(file)).getMessage();
  }

  @Test
  void roundTrips() {
    Path file = tmp.resolve("c.ckpt");
    Checkpoint written = sample();
    written.write(file);
    Checkpoint read = Checkpoint.read(file);
    assertEquals(written.history(), read.history());
    assertEquals(written.training(), read.training());
    for (String name : written.tensors().keySet()) {
      assertArrayEquals(written.tensors().get(name), read.tensors().get(name), name);
    }
  }

  @Test
  void aFlippedByteIsCorruptNotDiverged() throws IOException {
    Path file = tmp.resolve("c.ckpt");
    sample().write(file);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 1000] ^= 0x40; // inside the last tensors' floats
    Files.write(file, bytes);
    String message = failure(file);
    assertTrue(message.startsWith(file + ": checkpoint is corrupt (CRC32C checksum"), message);
  }

  @Test
  void aCutFileIsCorrupt() throws IOException {
    Path file = tmp.resolve("c.ckpt");
    sample().write(file);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    assertTrue(failure(file).contains("checkpoint is corrupt"), failure(file));
  }

  /** A file with the given JSON header and body, its checksum right, so the header is judged. */
  private Path crafted(String header, byte[] body) throws IOException {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(content);
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    data.writeInt(json.length);
    data.write(json);
    data.write(body);
    CRC32C crc = new CRC32C();
    crc.update(content.toByteArray());
    data.writeInt((int) crc.getValue());
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write("LENET5CK".getBytes(StandardCharsets.US_ASCII));
    file.write(content.toByteArray());
    return Files.write(tmp.resolve("crafted.ckpt"), file.toByteArray());
  }

  private static String header(String tensors) {
    return "{\"format\":2,\"model\":{\"activation\":\"relu\",\"pooling\":\"average\"},"
        + "\"training\":{},\"seed\":1,\"history\":[],\"tensors\":"
        + tensors
        + "}";
  }

  @Test
  void negativeOrHugeShapesAreRefusedWithoutAllocating() throws IOException {
    Path negative =
        crafted(header("[{\"name\":\"conv2d/kernel\",\"shape\":[-5,5,1,6]}]"), new byte[0]);
    assertEquals(
        negative
            + ": checkpoint tensor 'conv2d/kernel' has shape [-5, 5, 1, 6], expected [5, 5, 1, 6]",
        failure(negative));
    // measured after a first read, so that loading classes does not count
    Path huge =
        crafted(
            header("[{\"name\":\"dense/kernel\",\"shape\":[2147483647,2147483647]}]"), new byte[0]);
    long before =
        ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
            .getCurrentThreadAllocatedBytes();
    String message = failure(huge);
    long allocated =
        ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes()
            - before;
    assertTrue(message.contains("has shape [2147483647, 2147483647], expected"), message);
    assertTrue(allocated < 16L << 20, "allocated " + allocated);
  }

  @Test
  void nullTensorsAndUnknownNamesAreCorrupt() throws IOException {
    Path nullTensors = crafted(header("null"), new byte[0]);
    assertEquals(
        nullTensors + ": checkpoint is corrupt (header lacks model, training, history or tensors)",
        failure(nullTensors));
    Path nullEntry = crafted(header("[null]"), new byte[0]);
    assertTrue(failure(nullEntry).contains("checkpoint is corrupt"), failure(nullEntry));
    Path unknown = crafted(header("[{\"name\":\"evil\",\"shape\":[1]}]"), new byte[4]);
    assertEquals(unknown + ": checkpoint holds unknown tensor 'evil'", failure(unknown));
    Path noShape = crafted(header("[{\"name\":\"dense/bias\"}]"), new byte[0]);
    assertTrue(failure(noShape).contains("without name or shape"), failure(noShape));
  }

  @Test
  void aShapeLargerThanTheBytesPresentIsTruncated() throws IOException {
    Path file = crafted(header("[{\"name\":\"dense/bias\",\"shape\":[120]}]"), new byte[8]);
    assertEquals(file + ": checkpoint is truncated (in tensor 'dense/bias')", failure(file));
  }
}
