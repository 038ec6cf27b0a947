package io.lenet5.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationAndScheduleTest {
  @Test
  void shiftsMoveEveryPixelByTheSameOffsetAndFillWithBackground() {
    float[] image = new float[(28 * 28)];
    for (int i = 0; i < image.length; i++) {
      image[i] = 1 + i; // every pixel distinct and non-zero
    }
    int shifted = 0;
    SplittableRandom random = new SplittableRandom(5);
    for (int trial = 0; trial < 50; trial++) {
      float[] batch = image.clone();
      new ShiftAugmentation(2, 28, 28).apply(batch, 1, random);
      // pixel (r, c) holds image (r - dy, c - dx): read the offset off one inner pixel
      int source = (int) batch[14 * 28 + 14] - 1;
      int dy = 14 - source / 28;
      int dx = 14 - source % 28;
      assertTrue(Math.abs(dx) <= 2 && Math.abs(dy) <= 2, "offset " + dx + "," + dy);
      for (int r = 0; r < 28; r++) {
        for (int c = 0; c < 28; c++) {
          int sr = r - dy;
          int sc = c - dx;
          float expected = sr >= 0 && sr < 28 && sc >= 0 && sc < 28 ? image[sr * 28 + sc] : 0f;
          assertEquals(expected, batch[r * 28 + c], "pixel " + r + "," + c);
        }
      }
      shifted += dx != 0 || dy != 0 ? 1 : 0;
    }
    assertTrue(shifted > 40, "most of 50 draws from 25 offsets move the image: " + shifted);
  }

  @Test
  void sameStreamSameShifts() {
    float[] a = new float[3 * (28 * 28)];
    for (int i = 0; i < a.length; i++) {
      a[i] = i % 7;
    }
    float[] b = a.clone();
    new ShiftAugmentation(1, 28, 28).apply(a, 3, Shuffle.random(9, 4));
    new ShiftAugmentation(1, 28, 28).apply(b, 3, Shuffle.random(9, 4));
    assertArrayEquals(a, b);
  }

  @Test
  void cosineDecaysFromTheBaseRateOverItsHorizon() {
    LearningRateSchedule cosine = LearningRateSchedule.COSINE;
    assertEquals(0.01, cosine.rate(0.01, 1, 10), 1e-15);
    assertEquals(0.005, cosine.rate(0.01, 6, 10), 1e-15);
    assertEquals(0.01 * 0.5 * (1 + Math.cos(Math.PI * 9 / 10)), cosine.rate(0.01, 10, 10), 1e-15);
    assertEquals(
        cosine.rate(0.01, 10, 10), cosine.rate(0.01, 12, 10), "later epochs keep the last rate");
    assertEquals(0.01, LearningRateSchedule.CONSTANT.rate(0.01, 7, 10));
    TrainingConfig config =
        TrainingConfig.DEFAULT.withSchedule(LearningRateSchedule.COSINE, 27).withEpochs(3);
    assertEquals(
        cosine.rate(1e-3, 3, 27),
        config.learningRate(3),
        "the horizon, not the epochs, sets the curve");
  }
}
