package io.lenet5.data;

import io.lenet5.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Builds small synthetic IDX files, so tests need not copy the 47 MB training images around. */
final class IdxBytes {
  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;

  /** MNIST's pixels per image. */
  static final int MNIST_PIXELS = Dataset.MNIST_SIDE * Dataset.MNIST_SIDE;

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
    return images(count, seed, Dataset.MNIST_SIDE, Dataset.MNIST_SIDE);
  }

  /** A valid {@code rows x cols} images file holding {@link #pixels}{@code (count, seed, ...)}. */
  static byte[] images(int count, int seed, int rows, int cols) {
    return images(IMAGES_MAGIC, count, rows, cols, pixels(count, seed, rows * cols));
  }

  /** A labels file: magic, count, then {@code labels} as is. */
  static byte[] labels(int magic, int count, byte[] labels) {
    return ByteBuffer.allocate(8 + labels.length).putInt(magic).putInt(count).put(labels).array();
  }

  /** A valid labels file holding {@code labels}. */
  static byte[] labels(byte[] labels) {
    return labels(LABELS_MAGIC, labels.length, labels);
  }

  /** A valid labels file holding {@link #labelValues}{@code (count, seed)}. */
  static byte[] labels(int count, int seed) {
    return labels(labelValues(count, seed));
  }

  /** Deterministic 28x28 pixels: pixel p of image i is {@code (seed + 7i + p) & 0xff}. */
  static byte[] pixels(int count, int seed) {
    return pixels(count, seed, MNIST_PIXELS);
  }

  /** Deterministic pixels covering 0..255: pixel p of image i is {@code (seed + 7i + p) & 0xff}. */
  static byte[] pixels(int count, int seed, int pixelsPerImage) {
    byte[] pixels = new byte[count * pixelsPerImage];
    for (int i = 0; i < count; i++) {
      for (int p = 0; p < pixelsPerImage; p++) {
        pixels[i * pixelsPerImage + p] = (byte) (seed + 7 * i + p);
      }
    }
    return pixels;
  }

  /** Label of image i is {@code (seed + i) % 10}. */
  static byte[] labelValues(int count, int seed) {
    return labelValues(count, seed, 10, 0);
  }

  /** Label of image i is {@code first + (seed + i) % classes}. */
  static byte[] labelValues(int count, int seed, int classes, int first) {
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) (first + (seed + i) % classes);
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

  /** Gzip of {@code content} at another deflate level: other bytes, the same content. */
  static byte[] gzip(byte[] content, int level) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz =
        new GZIPOutputStream(out) {
          {
            def.setLevel(level);
          }
        }) {
      gz.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The decompressed content of gzip bytes. */
  static byte[] gunzip(byte[] gzip) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
        TestData.TRAIN_IMAGES, images(6, 0),
        TestData.TRAIN_LABELS, labels(6, 0),
        TestData.TEST_IMAGES, images(3, 100),
        TestData.TEST_LABELS, labels(3, 5));
  }

  /**
   * The four files {@code names} (in {@link KnownDataset#TRAIN_IMAGES}.. order) holding these
   * images and labels, uncompressed.
   */
  static Map<String, byte[]> files(
      List<String> names,
      byte[] trainImages,
      byte[] trainLabels,
      byte[] testImages,
      byte[] testLabels) {
    return Map.of(
        names.get(KnownDataset.TRAIN_IMAGES), trainImages,
        names.get(KnownDataset.TRAIN_LABELS), trainLabels,
        names.get(KnownDataset.TEST_IMAGES), testImages,
        names.get(KnownDataset.TEST_LABELS), testLabels);
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

  /**
   * {@code base} as if {@code files} (uncompressed, named as {@code base}'s) were its published
   * files: their image counts and content digests, and no mirrors, so nothing real is contacted.
   */
  static KnownDataset like(KnownDataset base, Map<String, byte[]> files) {
    return withDigests(base, files, checksums(files), Map.of());
  }

  /** {@code base} with the counts of {@code files}, these digests and no mirrors. */
  static KnownDataset withDigests(
      KnownDataset base,
      Map<String, byte[]> files,
      Map<String, String> sha256,
      Map<String, String> gzipSha256) {
    return new KnownDataset(
        base.name(),
        base.files(),
        count(files.get(base.files().get(KnownDataset.TRAIN_LABELS))),
        count(files.get(base.files().get(KnownDataset.TEST_LABELS))),
        sha256,
        gzipSha256,
        List.of(),
        base.classNames(),
        base.firstLabel(),
        base.transposed(),
        base.howToGet());
  }

  /** The item count in an IDX header. */
  private static int count(byte[] idx) {
    return ByteBuffer.wrap(idx).getInt(4);
  }
}
