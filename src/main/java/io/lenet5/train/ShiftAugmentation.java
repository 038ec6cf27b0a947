package io.lenet5.train;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Moves each training image by a random whole number of pixels (up to {@code maxShift} each way
 * along each axis), filling with background. Done in Java on the batch buffer rather than with
 * TensorFlow's random ops: the draws then come from the run's seed and epoch alone, which keeps
 * runs reproducible and resumable, and it costs about 1 µs an image against a step of milliseconds.
 */
final class ShiftAugmentation implements Augmentation {
  private final int maxShift;
  private final int height;
  private final int width;
  private final float[] image;

  /** Shifts images of {@code height x width} by up to {@code maxShift} pixels. */
  ShiftAugmentation(int maxShift, int height, int width) {
    this.maxShift = maxShift;
    this.height = height;
    this.width = width;
    image = new float[height * width];
  }

  /** Shifts each of the first {@code count} images in {@code pixels} in place. */
  @Override
  public void apply(float[] pixels, int count, SplittableRandom random) {
    for (int i = 0; i < count; i++) {
      int dy = random.nextInt(-maxShift, maxShift + 1);
      int dx = random.nextInt(-maxShift, maxShift + 1);
      if (dx != 0 || dy != 0) {
        shift(pixels, i * image.length, dx, dy);
      }
    }
  }

  private void shift(float[] pixels, int offset, int dx, int dy) {
    System.arraycopy(pixels, offset, image, 0, image.length);
    Arrays.fill(pixels, offset, offset + image.length, 0f);
    int fromCol = Math.max(0, -dx);
    int toCol = Math.min(width, width - dx);
    for (int row = Math.max(0, -dy); row < Math.min(height, height - dy); row++) {
      System.arraycopy(
          image,
          row * width + fromCol,
          pixels,
          offset + (row + dy) * width + fromCol + dx,
          toCol - fromCol);
    }
  }
}
