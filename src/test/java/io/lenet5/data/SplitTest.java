package io.lenet5.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lenet5.UserException;
import java.util.Arrays;
import java.util.BitSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SplitTest {
  private static final int PIXELS = IdxBytes.MNIST_PIXELS;

  private static Dataset full;

  /** 60,000 images, each carrying its own index in its first three pixels. */
  @BeforeAll
  static void numberedImages() {
    int n = 60_000;
    byte[] pixels = new byte[n * PIXELS];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      pixels[i * PIXELS] = (byte) (i >> 16);
      pixels[i * PIXELS + 1] = (byte) (i >> 8);
      pixels[i * PIXELS + 2] = (byte) i;
      labels[i] = (byte) (i % 10);
    }
    full = new Dataset(pixels, labels);
  }

  private static int[] originalIndices(Dataset part) {
    int[] indices = new int[part.size()];
    for (int i = 0; i < part.size(); i++) {
      indices[i] = part.pixel(i, 0, 0) << 16 | part.pixel(i, 0, 1) << 8 | part.pixel(i, 0, 2);
      assertEquals(indices[i] % 10, part.label(i), "label travels with its image");
    }
    return indices;
  }

  @Test
  void splitsIntoDisjointPartsCoveringEveryImage() {
    Split split = Split.of(full, 5_000, 42);
    assertEquals(55_000, split.train().size());
    assertEquals(5_000, split.validation().size());

    BitSet seen = new BitSet();
    for (Dataset part : new Dataset[] {split.train(), split.validation()}) {
      for (int index : originalIndices(part)) {
        assertFalse(seen.get(index), "image " + index + " appears twice");
        seen.set(index);
      }
    }
    assertEquals(60_000, seen.cardinality());
  }

  @Test
  void sameSeedSameSplitAndOtherSeedOtherSplit() {
    int[] first = originalIndices(Split.of(full, 5_000, 42).validation());
    int[] again = originalIndices(Split.of(full, 5_000, 42).validation());
    int[] other = originalIndices(Split.of(full, 5_000, 43).validation());
    assertArrayEquals(first, again);
    assertFalse(Arrays.equals(first, other));
  }

  @Test
  void permutationIsAShuffle() {
    int[] order = Split.permutation(1_000, new java.util.SplittableRandom(7));
    int[] sorted = order.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertEquals(i, sorted[i]);
    }
    assertFalse(Arrays.equals(sorted, order));
  }

  @Test
  void zeroValidationKeepsEverythingForTraining() {
    Split split = Split.of(full.head(10), 0, 1);
    assertEquals(10, split.train().size());
    assertEquals(0, split.validation().size());
  }

  @Test
  void rejectsValidationSizesOutsideTheSet() {
    UserException tooBig = assertThrows(UserException.class, () -> Split.of(full, 60_000, 1));
    assertEquals(
        "validation size: expected 0..59999 (fewer than the 60000 training images) but found 60000",
        tooBig.getMessage());
    UserException negative = assertThrows(UserException.class, () -> Split.of(full, -1, 1));
    assertEquals(
        "validation size: expected 0..59999 (fewer than the 60000 training images) but found -1",
        negative.getMessage());
  }

  @Test
  void partsKeepTheImageSizeAndClasses() {
    Dataset letters =
        new Dataset(IdxBytes.pixels(30, 0, 400), IdxBytes.labelValues(30, 0, 26, 0), 20, 20, 26);
    Split split = Split.of(letters, 5, 1);
    assertEquals("20x20, 26 classes", split.train().describe());
    assertEquals("20x20, 26 classes", split.validation().describe());
    assertEquals(25, split.train().size());
  }
}
