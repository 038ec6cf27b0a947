package io.lenet5.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lenet5.UserException;
import org.junit.jupiter.api.Test;

class DatasetTest {
  private static final int PIXELS = IdxBytes.MNIST_PIXELS;

  private final Dataset five = new Dataset(IdxBytes.pixels(5, 3), IdxBytes.labelValues(5, 4));

  @Test
  void fillBatchScalesPixelsAndCopiesLabelsInOrder() {
    float[] out = new float[2 * PIXELS + 1];
    out[out.length - 1] = -1f;
    int[] labels = new int[3];

    five.fillBatch(new int[] {9, 4, 1, 9}, 1, 2, out, labels);

    for (int p = 0; p < PIXELS; p++) {
      assertEquals(((3 + 7 * 4 + p) & 0xff) / 255f, out[p], "image 4 pixel " + p);
      assertEquals(((3 + 7 + p) & 0xff) / 255f, out[PIXELS + p], "image 1 pixel " + p);
    }
    assertEquals(-1f, out[out.length - 1], "beyond the batch is untouched");
    assertArrayEquals(new int[] {8, 5, 0}, labels);
  }

  @Test
  void fillBatchCoversTheFullByteRange() {
    byte[] pixels = new byte[PIXELS];
    pixels[0] = (byte) 255;
    pixels[1] = (byte) 128;
    float[] out = new float[PIXELS];
    new Dataset(pixels, new byte[] {9}).fillBatch(new int[] {0}, 0, 1, out, new int[1]);
    assertEquals(1f, out[0]);
    assertEquals(128 / 255f, out[1]);
    assertEquals(0f, out[2]);
  }

  @Test
  void fillBatchRejectsTooSmallBuffers() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> five.fillBatch(new int[] {0, 1}, 0, 2, new float[784], new int[2]));
    assertEquals("batch of 2 needs 1568 floats and 2 labels but got 784 and 2", e.getMessage());
  }

  @Test
  void subsetAndHeadCopyTheChosenImages() {
    Dataset subset = five.subset(new int[] {3, 0});
    assertEquals(2, subset.size());
    assertEquals(five.label(3), subset.label(0));
    assertEquals(five.pixel(3, 27, 27), subset.pixel(0, 27, 27));
    assertEquals(five.pixel(0, 5, 6), subset.pixel(1, 5, 6));

    Dataset head = five.head(2);
    assertEquals(2, head.size());
    assertEquals(five.label(1), head.label(1));
    assertEquals(five.pixel(1, 13, 2), head.pixel(1, 13, 2));
  }

  @Test
  void headRejectsMoreThanTheDatasetHolds() {
    UserException e = assertThrows(UserException.class, () -> five.head(6));
    assertEquals("image limit: expected 0..5 (the dataset's size) but found 6", e.getMessage());
  }

  @Test
  void constructorChecksLengthsAndLabels() {
    IllegalArgumentException length =
        assertThrows(IllegalArgumentException.class, () -> new Dataset(new byte[784], new byte[2]));
    assertEquals(
        "pixels: expected 1568 bytes for 2 labels of 28x28 but found 784", length.getMessage());

    IllegalArgumentException label =
        assertThrows(
            IllegalArgumentException.class, () -> new Dataset(new byte[784], new byte[] {10}));
    assertEquals("labels: label 10 at index 0 is outside 0..9", label.getMessage());
  }

  @Test
  void theTwoArgumentConstructorIsMnistShaped() {
    assertEquals(28, five.height());
    assertEquals(28, five.width());
    assertEquals(784, five.imagePixels());
    assertEquals(10, five.classes());
    assertEquals("28x28, 10 classes", five.describe());
  }

  @Test
  void imagesOfAnySizeAreRowMajor() {
    // 2 images of 3 rows and 8 columns: pixel (row r, col c) of image i is 100i + 10r + c
    byte[] pixels = new byte[2 * 3 * 8];
    for (int i = 0; i < 2; i++) {
      for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 8; c++) {
          pixels[i * 24 + r * 8 + c] = (byte) (100 * i + 10 * r + c);
        }
      }
    }
    Dataset set = new Dataset(pixels, new byte[] {25, 0}, 3, 8, 26);

    assertEquals(3, set.height());
    assertEquals(8, set.width());
    assertEquals(24, set.imagePixels());
    assertEquals("3x8, 26 classes", set.describe());
    assertEquals(127, set.pixel(1, 2, 7));
    assertEquals(17, set.pixel(0, 1, 7));
    assertEquals(25, set.label(0));

    float[] out = new float[24];
    int[] labels = new int[1];
    set.fillBatch(new int[] {1}, 0, 1, out, labels);
    assertEquals(127 / 255f, out[2 * 8 + 7]);
    assertArrayEquals(new int[] {0}, labels);
  }

  @Test
  void subsetHeadAndConcatKeepTheShape() {
    Dataset small =
        new Dataset(IdxBytes.pixels(4, 1, 400), IdxBytes.labelValues(4, 0, 26, 0), 20, 20, 26);

    Dataset subset = small.subset(new int[] {2});
    assertEquals("20x20, 26 classes", subset.describe());
    assertEquals(small.pixel(2, 19, 19), subset.pixel(0, 19, 19));
    assertEquals("20x20, 26 classes", small.head(1).describe());

    Dataset both = small.concat(subset);
    assertEquals(5, both.size());
    assertEquals(small.label(2), both.label(4));
    assertEquals(small.pixel(2, 7, 3), both.pixel(4, 7, 3));

    IllegalArgumentException mismatch =
        assertThrows(IllegalArgumentException.class, () -> small.concat(five));
    assertEquals(
        "concat: expected 20x20, 26 classes images, got 28x28, 10 classes", mismatch.getMessage());
  }

  @Test
  void labelsAreUnsignedAndBelowTheClassCount() {
    Dataset all = new Dataset(new byte[64], new byte[] {(byte) 255}, 8, 8, 256);
    assertEquals(255, all.label(0));

    IllegalArgumentException label =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Dataset(new byte[128], new byte[] {25, 26}, 8, 8, 26));
    assertEquals("labels: label 26 at index 1 is outside 0..25", label.getMessage());

    IllegalArgumentException unsigned =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Dataset(new byte[784], new byte[] {(byte) 200}));
    assertEquals("labels: label 200 at index 0 is outside 0..9", unsigned.getMessage());
  }

  @Test
  void constructorChecksTheShape() {
    IllegalArgumentException side =
        assertThrows(
            IllegalArgumentException.class, () -> new Dataset(new byte[0], new byte[0], 0, 28, 10));
    assertEquals(
        "shape: expected positive sides and 1..256 classes, got 0x28 and 10", side.getMessage());

    IllegalArgumentException classes =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Dataset(new byte[0], new byte[0], 28, 28, 257));
    assertEquals(
        "shape: expected positive sides and 1..256 classes, got 28x28 and 257",
        classes.getMessage());
  }
}
