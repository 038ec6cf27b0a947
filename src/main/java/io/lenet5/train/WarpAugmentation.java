package io.lenet5.train;

import io.lenet5.data.Dataset;
import java.util.SplittableRandom;

/**
 * Rotates, zooms, shears, shifts and elastically distorts (Simard et al. 2003) each training image,
 * in Java on the batch like {@link ShiftAugmentation} and for the same reason: every draw comes
 * from the stream of the run's seed and epoch. All of it composes into one inverse mapping about
 * the image centre, sampled once with bilinear interpolation, background 0 outside; a weighted mean
 * of pixels in [0, 1] stays in [0, 1].
 *
 * <p>Each image takes the same draws for a given config, in this order: rotation, zoom, shear,
 * shift along x, shift along y, then, when elastic distortions are on, a coin and both fields'
 * coefficients, which are drawn even when the coin says no, so that an image's distortion depends
 * on the stream and its place only. The fields are drawn in the Gaussian's basis ({@link
 * ElasticField}), a twentieth of the multiply-adds of blurring noise. With every knob on ({@code
 * bench}'s settings) this costs about 7 µs an image with half the images distorted and 9 µs with
 * all, on 2 cores: 16% and 22% of a batch-128 training step of 42 µs an image, half of it the
 * bilinear sampling.
 */
final class WarpAugmentation implements Augmentation {
  private static final int SIDE = Dataset.ROWS;
  private static final double CENTRE = (SIDE - 1) / 2.0;
  private static final int PAD = 2;
  private static final int PADDED = SIDE + 2 * PAD;

  private final double maxRotation;
  private final double maxScale;
  private final double maxShear;
  private final double maxShift;
  private final double alpha;
  private final double probability;

  /** Null when no image is distorted elastically: then there are no draws for it either. */
  private final ElasticField elastic;

  /** {@code p} moved into [0, SIDE + PAD]. */
  private static double clamp(double p) {
    return p < 0 ? 0 : p > SIDE + PAD ? SIDE + PAD : p;
  }

  /** The image being warped, inside a border of background {@value #PAD} pixels wide. */
  private final float[] source = new float[PADDED * PADDED];

  private final double[] sourceX = new double[Dataset.PIXELS];
  private final double[] sourceY = new double[Dataset.PIXELS];
  private final float[] dx = new float[Dataset.PIXELS];
  private final float[] dy = new float[Dataset.PIXELS];

  /** Warps as {@code config} says; its shift here is fractional, up to augmentShift pixels. */
  WarpAugmentation(TrainingConfig config) {
    maxRotation = config.augmentRotation();
    maxScale = config.augmentScale();
    maxShear = config.augmentShear();
    maxShift = config.augmentShift();
    alpha = config.elasticAlpha();
    probability = config.elasticProbability();
    elastic = alpha > 0 && probability > 0 ? new ElasticField(SIDE, config.elasticSigma()) : null;
  }

  @Override
  public void apply(float[] pixels, int count, SplittableRandom random) {
    for (int i = 0; i < count; i++) {
      double degrees = symmetric(random, maxRotation);
      double zoom = 1 + symmetric(random, maxScale);
      double shear = symmetric(random, maxShear);
      double shiftX = symmetric(random, maxShift);
      double shiftY = symmetric(random, maxShift);
      boolean distort = elastic != null && random.nextDouble() < probability;
      if (distort) {
        elastic.draw(random, alpha, dx, dy);
      } else if (elastic != null) {
        elastic.skip(random);
      }
      transform(
          pixels,
          i * Dataset.PIXELS,
          degrees,
          zoom,
          shear,
          shiftX,
          shiftY,
          distort ? dx : null,
          distort ? dy : null);
    }
  }

  /** Uniform in [-max, max]; one draw even when max is 0. */
  private static double symmetric(SplittableRandom random, double max) {
    return max * (2 * random.nextDouble() - 1);
  }

  /**
   * Resamples the image at {@code offset} in place: pixel p (column x, row y) takes the source at
   * {@code A^-1 (p - c - t) + c + d(p)}, where A rotates by {@code degrees} (clockwise as shown,
   * rows growing downwards), zooms by {@code zoom} and shears by {@code x += shear * y}, all about
   * the centre c; t is the shift and d the displacement field {@code (dx, dy)}, null for none.
   */
  void transform(
      float[] pixels,
      int offset,
      double degrees,
      double zoom,
      double shear,
      double shiftX,
      double shiftY,
      float[] dx,
      float[] dy) {
    for (int row = 0; row < SIDE; row++) {
      System.arraycopy(pixels, offset + row * SIDE, source, (row + PAD) * PADDED + PAD, SIDE);
    }
    double radians = Math.toRadians(degrees);
    double cos = Math.cos(radians) / zoom;
    double sin = Math.sin(radians) / zoom;
    // A^-1 = shear^-1 * zoom^-1 * rotation^-1
    double xx = cos + shear * sin;
    double xy = sin - shear * cos;
    double yx = -sin;
    double yy = cos;
    // Source coordinates first, then the sampling: one loop doing both runs at half the speed.
    for (int row = 0; row < SIDE; row++) {
      double v = row - CENTRE - shiftY;
      double u = -CENTRE - shiftX;
      double x = xx * u + xy * v + CENTRE;
      double y = yx * u + yy * v + CENTRE;
      int p = row * SIDE;
      for (int col = 0; col < SIDE; col++, p++, x += xx, y += yx) {
        sourceX[p] = x;
        sourceY[p] = y;
      }
    }
    if (dx != null) {
      for (int p = 0; p < Dataset.PIXELS; p++) {
        sourceX[p] += dx[p];
        sourceY[p] += dy[p];
      }
    }
    // Only points near the ink need interpolating: the rest read background alone, which is most
    // of an MNIST image and halves the sampling's cost.
    int top = SIDE;
    int bottom = -1;
    int left = SIDE;
    int right = -1;
    for (int row = 0; row < SIDE; row++) {
      int start = offset + row * SIDE;
      for (int col = 0; col < SIDE; col++) {
        if (pixels[start + col] != 0) {
          top = Math.min(top, row);
          bottom = row;
          left = Math.min(left, col);
          right = Math.max(right, col);
        }
      }
    }
    double fromX = left - 1;
    double toX = right + 1;
    double fromY = top - 1;
    double toY = bottom + 1;
    for (int p = 0; p < Dataset.PIXELS; p++) {
      double x = sourceX[p];
      double y = sourceY[p];
      pixels[offset + p] = x <= fromX || x >= toX || y <= fromY || y >= toY ? 0f : sample(x, y);
    }
  }

  /**
   * Bilinear interpolation of the source at (x, y), background 0 outside. A point beyond the
   * padding is first moved onto its outer edge, which is background too: there are then no bounds
   * to test, and x + PAD, y + PAD are non-negative, so a cast is their floor.
   */
  private float sample(double x, double y) {
    // Comparisons rather than Math.min and max, which handle NaN and -0 at twice the cost here.
    double px = clamp(x + PAD);
    double py = clamp(y + PAD);
    int col = (int) px;
    int row = (int) py;
    double ax = px - col;
    double ay = py - row;
    double bx = 1 - ax;
    int i = row * PADDED + col;
    return (float)
        ((1 - ay) * (bx * source[i] + ax * source[i + 1])
            + ay * (bx * source[i + PADDED] + ax * source[i + PADDED + 1]));
  }
}
