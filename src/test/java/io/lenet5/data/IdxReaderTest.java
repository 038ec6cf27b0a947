package io.lenet5.data;

import static io.lenet5.data.IdxBytes.IMAGES_MAGIC;
import static io.lenet5.data.IdxBytes.LABELS_MAGIC;
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
    return assertThrows(UserException.class, () -> IdxReader.read(images, labels)).getMessage();
  }

  @Test
  void readsGzipAndRawAlikeWithTheirContentDigests() {
    byte[] images = IdxBytes.images(4, 1);
    byte[] labels = IdxBytes.labels(4, 2);
    // names say nothing: gzip is told by its magic bytes
    Path gzImages = IdxBytes.write(dir, "images.raw", IdxBytes.gzip(images));
    Path rawLabels = IdxBytes.write(dir, "labels.gz", labels);

    IdxReader.Digested read = IdxReader.readWithDigests(gzImages, rawLabels);

    Dataset data = read.dataset();
    assertEquals(4, data.size());
    for (int i = 0; i < 4; i++) {
      assertEquals((2 + i) % 10, data.label(i));
    }
    assertEquals((1 + 7 * 3 + 28 + 5) & 0xff, data.pixel(3, 1, 5));
    assertEquals(IdxBytes.sha256(images), read.imagesSha256());
    assertEquals(IdxBytes.sha256(labels), read.labelsSha256());
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
  void countMismatch() {
    Path labels = gz("labels.gz", IdxBytes.labels(3, 0));
    Path images = goodImages();
    assertEquals(
        images + ": expected as many images as " + labels + " has labels (3) but found 4",
        failure(images, labels));
  }

  @Test
  void wrongDimensions() {
    Path file = gz("images.gz", IdxBytes.images(IMAGES_MAGIC, 1, 32, 32, new byte[1024]));
    assertEquals(file + ": expected 28x28 images but found 32x32", failure(file, goodLabels()));
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
