package io.lenet5.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lenet5.UserException;
import org.junit.jupiter.api.Test;

class DatasetTest {
  private final Dataset five = new Dataset(IdxBytes.pixels(5, 3), IdxBytes.labelValues(5, 4));

  @Test
  void fillBatchScalesPixelsAndCopiesLabelsInOrder() {
    float[] out = new float[2 * Dataset.PIXELS + 1];
    out[out.length - 1] = -1f;
    int[] labels = new int[3];

    five.fillBatch(new int[] {9, 4, 1, 9}, 1, 2, out, labels);

    for (int p = 0; p < Dataset.PIXELS; p++) {
      assertEquals(((3 + 7 * 4 + p) & 0xff) / 255f, out[p], "image 4 pixel " + p);
      assertEquals(((3 + 7 + p) & 0xff) / 255f, out[Dataset.PIXELS + p], "image 1 pixel " + p);
    }
    assertEquals(-1f, out[out.length - 1], "beyond the batch is untouched");
    assertArrayEquals(new int[] {8, 5, 0}, labels);
  }

  @Test
  void fillBatchCoversTheFullByteRange() {
    byte[] pixels = new byte[Dataset.PIXELS];
    pixels[0] = (byte) 255;
    pixels[1] = (byte) 128;
    float[] out = new float[Dataset.PIXELS];
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
    assertEquals("pixels: expected 1568 bytes for 2 labels but found 784", length.getMessage());

    IllegalArgumentException label =
        assertThrows(
            IllegalArgumentException.class, () -> new Dataset(new byte[784], new byte[] {10}));
    assertEquals("labels: label 10 at index 0 is outside 0..9", label.getMessage());
  }
}
