package io.lenet5.data;

import static io.lenet5.data.IdxBytes.IMAGES_MAGIC;
import static io.lenet5.data.IdxBytes.LABELS_MAGIC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lenet5.UserException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path dir;

  private Path gz(String name, byte[] content) {
    return IdxBytes.write(dir, name, IdxBytes.gzip(content));
  }

  private Path goodImages() {
    return gz("images.gz", IdxBytes.images(4, 1));
  }

  private Path goodLabels() {
    return gz("labels.gz", IdxBytes.labels(4, 2));
  }

  private String failure(Path images, Path labels) {
    return assertThrows(UserException.class, () -> IdxReader.read(images, labels, 10)).getMessage();
  }

  @Test
  void readsGzipAndRawAlikeWithTheirDigests() {
    byte[] images = IdxBytes.images(4, 1);
    byte[] labels = IdxBytes.labels(4, 2);
    byte[] gzImages = IdxBytes.gzip(images);
    // names say nothing: gzip is told by its magic bytes
    Path imagesFile = IdxBytes.write(dir, "images.raw", gzImages);
    Path labelsFile = IdxBytes.write(dir, "labels.gz", labels);

    IdxReader.Pair pair = IdxReader.readPair(imagesFile, labelsFile);

    assertEquals(28, pair.rows());
    assertEquals(28, pair.cols());
    assertArrayEquals(IdxBytes.pixels(4, 1), pair.pixels());
    assertArrayEquals(IdxBytes.labelValues(4, 2), pair.labels());
    assertEquals(IdxBytes.sha256(images), pair.imagesSha256().content());
    assertEquals(IdxBytes.sha256(gzImages), pair.imagesSha256().file());
    assertEquals(IdxBytes.sha256(labels), pair.labelsSha256().content());
    assertEquals(IdxBytes.sha256(labels), pair.labelsSha256().file(), "raw: file is content");
    assertEquals(
        new Decompressed.Digests(IdxBytes.sha256(images), IdxBytes.sha256(gzImages)),
        Decompressed.sha256(imagesFile));

    Dataset data = IdxReader.read(imagesFile, labelsFile, 10);
    assertEquals(4, data.size());
    for (int i = 0; i < 4; i++) {
      assertEquals((2 + i) % 10, data.label(i));
    }
    assertEquals((1 + 7 * 3 + 28 + 5) & 0xff, data.pixel(3, 1, 5));
  }

  @Test
  void theHeaderGivesTheImageSize() {
    // 3 images of 20 rows and 24 columns
    Path images = gz("images.gz", IdxBytes.images(3, 9, 20, 24));
    Path labels = gz("labels.gz", IdxBytes.labels(3, 0));

    Dataset data = IdxReader.read(images, labels, 10);

    assertEquals("20x24, 10 classes", data.describe());
    assertEquals((9 + 7 * 2 + 5 * 24 + 23) & 0xff, data.pixel(2, 5, 23));
  }

  @Test
  void truncatedFile() {
    byte[] images = IdxBytes.images(4, 1);
    Path file = gz("images.gz", Arrays.copyOf(images, images.length - 100));
    assertEquals(
        file + ": expected 3152 bytes (header says 4 images) but found 3052 (truncated)",
        failure(file, goodLabels()));
  }

  @Test
  void trailingData() {
    Path file = gz("labels.gz", IdxBytes.labels(LABELS_MAGIC, 4, new byte[] {1, 2, 3, 4, 5}));
    assertEquals(
        file + ": expected 12 bytes (header says 4 labels) but found 13 (trailing data)",
        failure(goodImages(), file));
  }

  @Test
  void headerCutShort() {
    Path file = gz("labels.gz", new byte[] {0, 0, 8, 1, 0});
    assertEquals(
        file + ": expected an IDX header of 8 bytes (labels) but the file has only 5",
        failure(goodImages(), file));
  }

  @Test
  void wrongMagic() {
    Path file = gz("images.gz", IdxBytes.labels(4, 1));
    assertEquals(
        file + ": expected IDX magic 0x00000803 (images) but found 0x00000801 (labels)",
        failure(file, goodLabels()));

    Path unknown = gz("labels.gz", IdxBytes.labels(0x12345678, 4, new byte[4]));
    assertEquals(
        unknown + ": expected IDX magic 0x00000801 (labels) but found 0x12345678",
        failure(goodImages(), unknown));
  }

  @Test
  void labelOutsideRange() {
    byte[] labels = IdxBytes.labels(LABELS_MAGIC, 4, new byte[] {1, 2, 3, 10});
    Path file = gz("t10k-labels-idx1-ubyte.gz", labels);
    assertEquals(file + ": label 10 at index 3 is outside 0..9", failure(goodImages(), file));

    Path unsigned = gz("labels2.gz", IdxBytes.labels(LABELS_MAGIC, 4, new byte[] {-1, 0, 0, 0}));
    assertEquals(
        unsigned + ": label 255 at index 0 is outside 0..9", failure(goodImages(), unsigned));
  }

  @Test
  void labelTenIsFineForMoreClasses() {
    Path file = gz("labels.gz", IdxBytes.labels(new byte[] {1, 2, 3, 10}));
    assertEquals(10, IdxReader.read(goodImages(), file, 11).label(3));
    assertEquals(26, IdxReader.read(goodImages(), file, 26).classes());
  }

  @Test
  void classLabelsShiftByTheFirstLabel() {
    Path file = dir.resolve("emnist-letters-train-labels-idx1-ubyte.gz");
    assertArrayEquals(
        new byte[] {0, 25, 12}, IdxReader.classLabels(file, new byte[] {1, 26, 13}, 1, 26));

    String high =
        assertThrows(
                UserException.class,
                () -> IdxReader.classLabels(file, new byte[] {1, 2, 3, 4, 5, 27}, 1, 26))
            .getMessage();
    assertEquals(file + ": label 27 at index 5 is outside 1..26", high);

    String low =
        assertThrows(UserException.class, () -> IdxReader.classLabels(file, new byte[] {0}, 1, 26))
            .getMessage();
    assertEquals(file + ": label 0 at index 0 is outside 1..26", low);
  }

  @Test
  void countMismatch() {
    Path labels = gz("labels.gz", IdxBytes.labels(3, 0));
    Path images = goodImages();
    assertEquals(
        images + ": expected as many images as " + labels + " has labels (3) but found 4",
        failure(images, labels));
  }

  @Test
  void imagesOfOtherSizesAreAcceptedWithinBounds() {
    Path labels = gz("labels.gz", IdxBytes.labels(1, 0));
    for (int[] size : new int[][] {{32, 32}, {8, 8}, {256, 256}, {8, 256}}) {
      Path file = gz("images.gz", IdxBytes.images(1, 0, size[0], size[1]));
      Dataset data = IdxReader.read(file, labels, 10);
      assertEquals(size[0], data.height());
      assertEquals(size[1], data.width());
    }
  }

  @Test
  void wrongDimensions() {
    Path small = gz("small.gz", IdxBytes.images(IMAGES_MAGIC, 1, 4, 4, new byte[16]));
    assertEquals(
        small + ": expected images of 8x8 to 256x256 pixels but found 4x4",
        failure(small, goodLabels()));

    Path wide = gz("wide.gz", IdxBytes.images(IMAGES_MAGIC, 1, 28, 257, new byte[28 * 257]));
    assertEquals(
        wide + ": expected images of 8x8 to 256x256 pixels but found 28x257",
        failure(wide, goodLabels()));

    Path negative = gz("negative.gz", IdxBytes.images(IMAGES_MAGIC, 1, -28, 28, new byte[0]));
    assertEquals(
        negative + ": expected images of 8x8 to 256x256 pixels but found -28x28",
        failure(negative, goodLabels()));
  }

  @Test
  void negativeOrHugeCounts() {
    Path negative = gz("images.gz", IdxBytes.images(IMAGES_MAGIC, -1, 28, 28, new byte[0]));
    assertEquals(
        negative + ": expected a non-negative images count but found -1",
        failure(negative, goodLabels()));

    Path huge = gz("huge.gz", IdxBytes.images(IMAGES_MAGIC, 3_000_000, 28, 28, new byte[0]));
    assertEquals(
        huge
            + ": expected at most 2739137 images (what fits in one array) but the header"
            + " promises 3000000",
        failure(huge, goodLabels()));
  }

  @Test
  void badGzip() {
    byte[] gzip = IdxBytes.gzip(IdxBytes.images(4, 1));
    Path cut = IdxBytes.write(dir, "cut.gz", Arrays.copyOf(gzip, gzip.length / 2));
    assertEquals(
        cut
            + ": expected valid gzip data but found corrupt data"
            + " (Unexpected end of ZLIB input stream)",
        failure(cut, goodLabels()));

    byte[] garbled = gzip.clone();
    Arrays.fill(garbled, 10, 40, (byte) 0x55);
    Path bad = IdxBytes.write(dir, "bad.gz", garbled);
    String message = failure(bad, goodLabels());
    assertEquals(
        bad + ": expected valid gzip data but found corrupt data (",
        message.substring(0, message.indexOf('(') + 1));
  }

  @Test
  void missingFile() {
    Path missing = dir.resolve("train-images-idx3-ubyte.gz");
    assertEquals(missing + ": file not found", failure(missing, goodLabels()));
  }

  @Test
  void directoryIsUnreadable() {
    assertEquals(dir + ": cannot read (Is a directory)", failure(dir, goodLabels()));
  }
}
