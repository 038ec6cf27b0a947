package io.lenet5.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Builds small synthetic IDX files, so tests need not copy the 47 MB training images around. */
final class IdxBytes {
  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;

  private IdxBytes() {}

  /** An images file: magic, count, rows, cols, then {@code body} as is. */
  static byte[] images(int magic, int count, int rows, int cols, byte[] body) {
    return ByteBuffer.allocate(16 + body.length)
        .putInt(magic)
        .putInt(count)
        .putInt(rows)
        .putInt(cols)
        .put(body)
        .array();
  }

  /** A valid 28x28 images file holding {@link #pixels}{@code (count, seed)}. */
  static byte[] images(int count, int seed) {
    return images(IMAGES_MAGIC, count, 28, 28, pixels(count, seed));
  }

  /** A labels file: magic, count, then {@code labels} as is. */
  static byte[] labels(int magic, int count, byte[] labels) {
    return ByteBuffer.allocate(8 + labels.length).putInt(magic).putInt(count).put(labels).array();
  }

  /** A valid labels file holding {@link #labelValues}{@code (count, seed)}. */
  static byte[] labels(int count, int seed) {
    return labels(LABELS_MAGIC, count, labelValues(count, seed));
  }

  /** Deterministic pixels covering 0..255: pixel p of image i is {@code (seed + 7i + p) & 0xff}. */
  static byte[] pixels(int count, int seed) {
    byte[] pixels = new byte[count * Dataset.PIXELS];
    for (int i = 0; i < count; i++) {
      for (int p = 0; p < Dataset.PIXELS; p++) {
        pixels[i * Dataset.PIXELS + p] = (byte) (seed + 7 * i + p);
      }
    }
    return pixels;
  }

  /** Label of image i is {@code (seed + i) % 10}. */
  static byte[] labelValues(int count, int seed) {
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) ((seed + i) % 10);
    }
    return labels;
  }

  static byte[] gzip(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path write(Path dir, String name, byte[] content) {
    try {
      return Files.write(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The four files of a tiny MNIST look-alike (6 training, 3 test images), uncompressed. */
  static Map<String, byte[]> tinyMnist() {
    return Map.of(
        MnistFiles.TRAIN_IMAGES, images(6, 0),
        MnistFiles.TRAIN_LABELS, labels(6, 0),
        MnistFiles.TEST_IMAGES, images(3, 100),
        MnistFiles.TEST_LABELS, labels(3, 5));
  }

  /** The checksum table of {@code files}. */
  static Map<String, String> checksums(Map<String, byte[]> files) {
    Map<String, String> table = new HashMap<>();
    files.forEach((name, content) -> table.put(name, sha256(content)));
    return table;
  }

  /** Writes {@code files} into {@code dir} gzip-compressed, as {@code name.gz}. */
  static void writeGzipped(Path dir, Map<String, byte[]> files) {
    files.forEach((name, content) -> write(dir, name + ".gz", gzip(content)));
  }
}
