package io.lenet5.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.TestData;
import io.lenet5.data.Dataset;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Warps map pixels where the formula says, reproduce from their stream, and keep Simard's field.
 */
class WarpAugmentationTest {
  private static final int SIDE = 28;

  /** The knobs {@code bench} measures, every one on. */
  private static final TrainingConfig ALL =
      TrainingConfig.DEFAULT
          .with("augmentShift", 2)
          .with("augmentRotation", 8.0)
          .with("augmentScale", 0.08)
          .with("augmentShear", 0.1)
          .with("elasticAlpha", 10.0)
          .with("elasticProbability", 0.5);

  @Test
  void noKnobsLeaveTheImagesAsTheyAre() {
    float[] images = mnist(16);
    float[] warped = images.clone();
    new WarpAugmentation(TrainingConfig.DEFAULT, 28).apply(warped, 16, new SplittableRandom(1));
    assertArrayEquals(images, warped, 1e-6f);
    // Elastic strength with no image chosen is no distortion either.
    TrainingConfig none = TrainingConfig.DEFAULT.with("elasticAlpha", 30.0);
    new WarpAugmentation(none.with("elasticProbability", 0.0), 28)
        .apply(warped, 16, new SplittableRandom(1));
    assertArrayEquals(images, warped, 1e-6f);
  }

  @Test
  void aQuarterTurnMovesAPixelWhereTheFormulaSays() {
    WarpAugmentation warp = new WarpAugmentation(TrainingConfig.DEFAULT, 28);
    // Column 20, row 5 is (6.5, -8.5) from the centre (13.5, 13.5); turned clockwise as shown
    // (rows grow downwards), (x, y) -> (-y, x) = (8.5, 6.5): column 22, row 20.
    float[] image = dot(5, 20);
    warp.transform(image, 0, 90, 1, 0, 0, 0, null, null);
    assertArrayEquals(dot(20, 22), image, 1e-6f);
  }

  @Test
  void shearZoomAndFractionalShiftsFollowTheFormula() {
    WarpAugmentation warp = new WarpAugmentation(TrainingConfig.DEFAULT, 28);
    // x += 1.0 * (17 - 13.5): column 10 goes to 13.5, split between columns 13 and 14.
    float[] sheared = dot(17, 10);
    warp.transform(sheared, 0, 0, 1, 1.0, 0, 0, null, null);
    float[] expected = new float[(28 * 28)];
    expected[17 * SIDE + 13] = 0.5f;
    expected[17 * SIDE + 14] = 0.5f;
    assertArrayEquals(expected, sheared, 1e-6f);
    // Zoom 2: output column c samples column (c - 13.5) / 2 + 13.5, so column 15 feeds 14.25,
    // 14.75, 15.25 and 15.75 (columns 15 to 18) with weights 1/4, 3/4, 3/4, 1/4; rows alike.
    float[] zoomed = dot(13, 15);
    warp.transform(zoomed, 0, 0, 2, 0, 0, 0, null, null);
    assertEquals(0.5625f, zoomed[13 * SIDE + 16], 1e-6f);
    assertEquals(0.5625f, zoomed[12 * SIDE + 17], 1e-6f);
    assertEquals(0.0625f, zoomed[11 * SIDE + 15], 1e-6f);
    assertEquals(0.1875f, zoomed[14 * SIDE + 17], 1e-6f);
    assertEquals(4, ink(zoomed, 0), 1e-5, "the ink grows with the area");
    // A shift of 0.25 px moves a quarter of the ink one column on.
    float[] shifted = dot(8, 8);
    warp.transform(shifted, 0, 0, 1, 0, 0.25, 0, null, null);
    assertEquals(0.75f, shifted[8 * SIDE + 8], 1e-6f);
    assertEquals(0.25f, shifted[8 * SIDE + 9], 1e-6f);
  }

  @Test
  void sameStreamSameImagesAndAnotherStreamOthers() {
    float[] images = mnist(8);
    float[] a = images.clone();
    float[] b = images.clone();
    float[] c = images.clone();
    new WarpAugmentation(ALL, 28).apply(a, 8, Shuffle.random(3, 2));
    new WarpAugmentation(ALL, 28).apply(b, 8, Shuffle.random(3, 2));
    new WarpAugmentation(ALL, 28).apply(c, 8, Shuffle.random(3, 3));
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, c));
    assertFalse(Arrays.equals(a, images));
  }

  @Test
  void everyImageTakesTheSameDrawsWhateverTheCoinSays() {
    float[] images = mnist(10);
    SplittableRandom rare = new SplittableRandom(4);
    SplittableRandom often = new SplittableRandom(4);
    new WarpAugmentation(ALL.with("elasticProbability", 0.1), 28).apply(images.clone(), 10, rare);
    new WarpAugmentation(ALL.with("elasticProbability", 0.9), 28).apply(images.clone(), 10, often);
    assertEquals(rare.nextLong(), often.nextLong(), "both streams are at the same place");
  }

  @Test
  void noElasticShareMeansNoElasticChange() {
    float[] images = mnist(8);
    float[] without = images.clone();
    float[] never = images.clone();
    float[] always = images.clone();
    TrainingConfig affine = ALL.with("elasticAlpha", 0.0);
    new WarpAugmentation(affine, 28).apply(without, 8, new SplittableRandom(6));
    new WarpAugmentation(ALL.with("elasticProbability", 0.0), 28)
        .apply(never, 8, new SplittableRandom(6));
    new WarpAugmentation(ALL.with("elasticProbability", 1.0), 28)
        .apply(always, 8, new SplittableRandom(6));
    assertArrayEquals(without, never);
    assertFalse(Arrays.equals(without, always));
  }

  @Test
  void elasticFieldHasTheDisplacementsOfBlurredNoise() {
    // The field drawn in the blur's basis against Simard's recipe done directly: blurring
    // uniform noise, edges mirrored, 200 fields each. Their mean displacement and mean change from
    // one pixel to the next agree.
    for (double sigma : new double[] {4, 2}) {
      double alpha = 10;
      ElasticField field = new ElasticField(SIDE, sigma);
      SplittableRandom random = new SplittableRandom(7);
      float[] dx = new float[(28 * 28)];
      float[] dy = new float[(28 * 28)];
      double[] drawn = new double[2];
      double[] blurred = new double[2];
      int fields = 200;
      for (int f = 0; f < fields; f++) {
        field.draw(random, alpha, dx, dy);
        add(drawn, dx);
        add(drawn, dy);
        add(blurred, blurredNoise(random, alpha, sigma));
        add(blurred, blurredNoise(random, alpha, sigma));
      }
      for (int s = 0; s < 2; s++) {
        double ratio = drawn[s] / blurred[s];
        assertTrue(ratio > 0.9 && ratio < 1.1, "sigma " + sigma + " statistic " + s + ": " + ratio);
      }
    }
  }

  @Test
  void imagesMoveByTheField() {
    // On a ramp along x, a pixel's value tells where it was sampled: 27 * value - x is dx.
    float[] ramp = new float[(28 * 28)];
    for (int p = 0; p < ramp.length; p++) {
      ramp[p] = (p % SIDE) / (SIDE - 1f);
    }
    TrainingConfig elasticOnly =
        TrainingConfig.DEFAULT.with("elasticAlpha", 10.0).with("elasticProbability", 1.0);
    WarpAugmentation warp = new WarpAugmentation(elasticOnly, 28);
    ElasticField field = new ElasticField(SIDE, elasticOnly.elasticSigma());
    float[] dx = new float[(28 * 28)];
    float[] dy = new float[(28 * 28)];
    double moved = 0;
    for (long seed = 0; seed < 20; seed++) {
      float[] image = ramp.clone();
      warp.apply(image, 1, new SplittableRandom(seed));
      SplittableRandom replay = new SplittableRandom(seed);
      for (int i = 0; i < 6; i++) {
        replay.nextDouble(); // rotation, zoom, shear, two shifts, the coin
      }
      field.draw(replay, 10, dx, dy);
      for (int row = 4; row < SIDE - 4; row++) {
        for (int col = 4; col < SIDE - 4; col++) {
          int p = row * SIDE + col;
          assertEquals(dx[p], (SIDE - 1) * image[p] - col, 1e-4, "pixel " + row + "," + col);
          moved += Math.abs(dx[p]);
        }
      }
    }
    double mean = moved / (20 * 20 * 20);
    // Alpha 10 and sigma 4 move pixels by about half a pixel: a quarter to a whole one.
    assertTrue(mean > 0.25 && mean < 1, "mean |dx| " + mean);
  }

  @Test
  void strongWarpsKeepPixelsInTheUnitRange() {
    TrainingConfig strong =
        TrainingConfig.DEFAULT
            .with("augmentShift", TrainingConfig.MAX_SHIFT)
            .with("augmentRotation", TrainingConfig.MAX_ROTATION)
            .with("augmentScale", TrainingConfig.MAX_WARP)
            .with("augmentShear", TrainingConfig.MAX_WARP)
            .with("elasticAlpha", TrainingConfig.MAX_ELASTIC)
            .with("elasticSigma", 2.0);
    float[] images = mnist(64);
    float[] white = new float[8 * (28 * 28)];
    Arrays.fill(white, 1f);
    new WarpAugmentation(strong, 28).apply(images, 64, new SplittableRandom(8));
    new WarpAugmentation(strong, 28).apply(white, 8, new SplittableRandom(8));
    for (float[] set : new float[][] {images, white}) {
      for (float v : set) {
        assertTrue(v >= 0f && v <= 1f, "pixel " + v);
      }
    }
  }

  @Test
  void mildWarpsKeepTheInk() {
    int count = 128;
    float[] images = mnist(count);
    // Zooms of at most 5% change the area, and so the ink, by at most 10%.
    float[] affine = images.clone();
    new WarpAugmentation(ALL.with("augmentScale", 0.05).with("elasticAlpha", 0.0), 28)
        .apply(affine, count, new SplittableRandom(9));
    assertInkRatios(images, affine, 0.85, 1.15);
    // Elastic fields squeeze parts of a digit and stretch others: at alpha 10, a single image's
    // ink changes by up to about 20%, the batch's hardly.
    float[] elastic = images.clone();
    new WarpAugmentation(ALL.with("elasticProbability", 1.0), 28)
        .apply(elastic, count, new SplittableRandom(9));
    assertInkRatios(images, elastic, 0.7, 1.4);
    double ratio = ink(elastic, -1) / ink(images, -1);
    assertTrue(ratio > 0.97 && ratio < 1.03, "the batch's ink x" + ratio);
  }

  private static void assertInkRatios(float[] before, float[] after, double least, double most) {
    for (int i = 0; i < before.length / (28 * 28); i++) {
      double ratio = ink(after, i) / ink(before, i);
      assertTrue(ratio > least && ratio < most, "image " + i + ": ink x" + ratio);
    }
  }

  @Test
  void configChoosesTheAugmentation() {
    assertInstanceOf(WarpAugmentation.class, Augmentation.of(ALL, 28, 28));
    assertInstanceOf(
        ShiftAugmentation.class,
        Augmentation.of(TrainingConfig.DEFAULT.with("augmentShift", 1), 28, 28));
    assertSame(Augmentation.NONE, Augmentation.of(TrainingConfig.DEFAULT, 28, 28));
    assertSame(
        Augmentation.NONE,
        Augmentation.of(TrainingConfig.DEFAULT.with("elasticProbability", 0.5), 28, 28),
        "a share of images without a strength distorts none");
  }

  /** The first {@code count} MNIST training images. */
  private static float[] mnist(int count) {
    Dataset train = TestData.mnist().train();
    int[] order = new int[count];
    Arrays.setAll(order, i -> i);
    float[] pixels = new float[count * (28 * 28)];
    train.fillBatch(order, 0, count, pixels, new int[count]);
    return pixels;
  }

  private static float[] dot(int row, int col) {
    float[] image = new float[(28 * 28)];
    image[row * SIDE + col] = 1f;
    return image;
  }

  /** The ink of image {@code i}, or of all images for -1. */
  private static double ink(float[] pixels, int i) {
    int from = i < 0 ? 0 : i * (28 * 28);
    int to = i < 0 ? pixels.length : from + (28 * 28);
    double sum = 0;
    for (int p = from; p < to; p++) {
      sum += pixels[p];
    }
    return sum;
  }

  /** Adds a field's mean |d| and mean |d(x+1) - d(x)| along rows to {@code sums}. */
  private static void add(double[] sums, float[] field) {
    double size = 0;
    double step = 0;
    for (int row = 0; row < SIDE; row++) {
      for (int col = 0; col < SIDE; col++) {
        size += Math.abs(field[row * SIDE + col]);
        if (col > 0) {
          step += Math.abs(field[row * SIDE + col] - field[row * SIDE + col - 1]);
        }
      }
    }
    sums[0] += size / (28 * 28);
    sums[1] += step / (SIDE * (SIDE - 1));
  }

  /**
   * Simard's field done directly: uniform(-1, 1) noise, blurred with mirrored edges, times alpha.
   */
  private static float[] blurredNoise(SplittableRandom random, double alpha, double sigma) {
    double[] noise = new double[(28 * 28)];
    for (int p = 0; p < noise.length; p++) {
      noise[p] = 2 * random.nextDouble() - 1;
    }
    int radius = (int) (4 * sigma + 0.5);
    double[] kernel = new double[2 * radius + 1];
    double sum = 0;
    for (int m = -radius; m <= radius; m++) {
      kernel[m + radius] = Math.exp(-0.5 * m * m / (sigma * sigma));
      sum += kernel[m + radius];
    }
    double[] rows = new double[(28 * 28)];
    float[] field = new float[(28 * 28)];
    for (int r = 0; r < SIDE; r++) {
      for (int c = 0; c < SIDE; c++) {
        double v = 0;
        for (int m = -radius; m <= radius; m++) {
          v += kernel[m + radius] * noise[r * SIDE + mirror(c + m)];
        }
        rows[r * SIDE + c] = v / sum;
      }
    }
    for (int r = 0; r < SIDE; r++) {
      for (int c = 0; c < SIDE; c++) {
        double v = 0;
        for (int m = -radius; m <= radius; m++) {
          v += kernel[m + radius] * rows[mirror(r + m) * SIDE + c];
        }
        field[r * SIDE + c] = (float) (alpha * v / sum);
      }
    }
    return field;
  }

  /** Half-sample mirroring, as scipy's {@code reflect}: -1 is 0 and 28 is 27. */
  private static int mirror(int i) {
    return i < 0 ? -i - 1 : i >= SIDE ? 2 * SIDE - 1 - i : i;
  }
}
