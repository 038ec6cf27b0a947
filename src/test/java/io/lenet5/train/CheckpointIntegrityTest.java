package io.lenet5.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    for (WeightSpec w : LeNet5.STRICT.weights()) {
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

  /**
   * The bytes of {@code file} rewritten as an attacker would to get a flipped weight past the
   * checksum: the header says format 1, the checksum is cut off.
   */
  static byte[] downgraded(Path file) throws IOException {
    String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    byte[] changed =
        bytes.replace("\"format\":2", "\"format\":1").getBytes(StandardCharsets.ISO_8859_1);
    changed = java.util.Arrays.copyOf(changed, changed.length - Integer.BYTES);
    changed[changed.length - 1000] ^= 0x40; // inside the last tensors' floats
    return changed;
  }

  @Test
  void aFileDowngradedToFormatOneIsRefused() throws IOException {
    Path file = tmp.resolve("c.ckpt");
    sample().write(file);
    Files.write(file, downgraded(file));
    assertEquals(
        file
            + ": expected a checkpoint with a checksum (format 2), found format 1, which is read"
            + " only where a build before checksums wrote it (a folder without .lenet5.lock);"
            + " use an intact copy or start the run anew",
        failure(file));
  }

  @Test
  void formatOneIsAdoptedOnlyWhereNoChecksummingBuildWrote() throws IOException {
    Path old = Files.createDirectories(tmp.resolve("old"));
    Path file = old.resolve("checkpoint.ckpt");
    Files.copy(Path.of("src/test/resources/io/lenet5/train/golden-format1.ckpt"), file);
    Path locked = Files.createDirectories(tmp.resolve("locked"));
    Files.createFile(locked.resolve(".lenet5.lock"));
    Path tampered = Files.copy(file, locked.resolve("checkpoint.ckpt"));

    assertTrue(LegacyCheckpoints.writtenWithChecksums(locked));
    assertTrue(failure(tampered).contains("found format 1"), failure(tampered));
    assertFalse(LegacyCheckpoints.writtenWithChecksums(old));
    assertEquals(List.of(file), LegacyCheckpoints.adopt(List.of(file, old.resolve("none"))));
    assertEquals(
        CheckpointGoldenTest.generate().history(), Checkpoint.read(file).history(), "now format 2");
  }

  @Test
  void exportReadsFormatOneWithANoteOutsideChecksummedFolders() throws IOException {
    Path format1 = Path.of("src/test/resources/io/lenet5/train/golden-format1.ckpt");
    Path lone = Files.copy(format1, tmp.resolve("lone.ckpt"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Checkpoint read = LegacyCheckpoints.read(lone, new java.io.PrintStream(err, true));
    assertEquals(2, read.epoch());
    assertEquals(
        "note: "
            + lone
            + " is a checkpoint of format 1, from a build before checksums; its bytes cannot be"
            + " checked\n",
        err.toString(StandardCharsets.UTF_8));
    // a search's trial checkpoint: the lock is in the folder above
    Path search = Files.createDirectories(tmp.resolve("search/checkpoints")).getParent();
    Files.createFile(search.resolve(".lenet5.lock"));
    Path trial = Files.copy(format1, search.resolve("checkpoints/trial_0000.ckpt"));
    String message =
        assertThrows(
                UserException.class,
                () -> LegacyCheckpoints.read(trial, new java.io.PrintStream(err, true)))
            .getMessage();
    assertTrue(message.startsWith(trial + ": expected a checkpoint with a checksum"), message);
  }
}
