package io.lenet5.train;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Simard et al.'s (2003) elastic displacement field on a square image: uniform(-1, 1) noise per
 * pixel, smoothed by a Gaussian, times a strength. It is drawn in the smoothing's own basis instead
 * of smoothed. A Gaussian blur with mirrored edges (scipy's {@code reflect} mode, which the usual
 * implementations use) is diagonal in the orthonormal DCT-II basis, so the blur of white noise is
 * the sum of basis images with white coefficients (of the noise's variance, 1/3) times the blur's
 * gains. Only the low frequencies pass a Gaussian, so this class keeps the few that hold {@value
 * #KEPT_VARIANCE} of each axis's variance: at sigma 4 on 28 pixels, 5 a side, so 25 draws and about
 * 2,700 multiply-adds a field in place of 784 draws and 52,000 for a 33-tap separable blur. The
 * field has the blurred noise's covariance less the dropped share.
 */
final class ElasticField {
  /** Share of one axis's blurred variance the kept frequencies must hold. */
  private static final double KEPT_VARIANCE = 0.995;

  /** The blur's radius in sigmas, as scipy's {@code gaussian_filter} truncates it. */
  private static final double TRUNCATE = 4;

  private final int side;
  private final int modes;

  /** Gain times basis vector: {@code side} rows of {@code modes}. */
  private final float[] basis;

  /** The same, transposed: {@code modes} rows of {@code side}. */
  private final float[] basisT;

  /** Both fields' coefficients: dx's, then dy's. */
  private final float[] coefficients;

  /** Both fields' {@code C * basis^T}: dx's rows, then dy's. */
  private final float[] half;

  /** Partial sums of a row over even and odd frequencies: dx even, dy even, dx odd, dy odd. */
  private final float[] partial;

  /** A field generator for {@code side x side} images and a blur of {@code sigma} pixels. */
  ElasticField(int side, double sigma) {
    this.side = side;
    double[] gains = gains(side, sigma);
    double total = 0;
    for (double g : gains) {
      total += g * g;
    }
    int kept = 0;
    double held = 0;
    while (kept < side && held < KEPT_VARIANCE * total) {
      held += gains[kept] * gains[kept];
      kept++;
    }
    modes = kept;
    basis = new float[side * modes];
    basisT = new float[modes * side];
    for (int k = 0; k < modes; k++) {
      double norm = Math.sqrt((k == 0 ? 1.0 : 2.0) / side);
      for (int i = 0; i < side; i++) {
        float value = (float) (gains[k] * norm * Math.cos(Math.PI * k * (i + 0.5) / side));
        basis[i * modes + k] = value;
        basisT[k * side + i] = value;
      }
    }
    coefficients = new float[2 * modes * modes];
    half = new float[2 * modes * side];
    partial = new float[4 * side];
  }

  /**
   * The blur's gain at each DCT-II frequency k: the kernel's cosine transform {@code sum_m g(m)
   * cos(pi k m / side)}, exact for a kernel mirrored at the edges.
   */
  private static double[] gains(int side, double sigma) {
    int radius = (int) (TRUNCATE * sigma + 0.5);
    double[] kernel = new double[radius + 1];
    double sum = 0;
    for (int m = 0; m <= radius; m++) {
      kernel[m] = Math.exp(-0.5 * m * m / (sigma * sigma));
      sum += m == 0 ? kernel[m] : 2 * kernel[m];
    }
    double[] gains = new double[side];
    for (int k = 0; k < side; k++) {
      double g = kernel[0];
      for (int m = 1; m <= radius; m++) {
        g += 2 * kernel[m] * Math.cos(Math.PI * k * m / side);
      }
      gains[k] = g / sum;
    }
    return gains;
  }

  /**
   * Writes {@code alpha} times a new pair of fields into {@code dx} and {@code dy}, row-major,
   * taking one draw per coefficient: first dx's coefficients, then dy's.
   */
  void draw(SplittableRandom random, double alpha, float[] dx, float[] dy) {
    for (int i = 0; i < coefficients.length; i++) {
      coefficients[i] = (float) (alpha * (2 * random.nextDouble() - 1));
    }
    // half = C * basis^T for both fields, then field = basis * half row by row. Basis vector k is
    // even about the centre for even k and odd for odd k, so rows i and side-1-i are the sum and
    // the difference of the same two partial sums.
    Arrays.fill(half, 0f);
    for (int k = 0; k < 2 * modes; k++) {
      for (int l = 0; l < modes; l++) {
        axpy(coefficients[k * modes + l], basisT, l * side, half, k * side);
      }
    }
    for (int i = 0; i < (side + 1) / 2; i++) {
      Arrays.fill(partial, 0f);
      for (int k = 0; k < modes; k++) {
        float b = basis[i * modes + k];
        int odd = (k & 1) * 2 * side;
        for (int j = 0; j < side; j++) {
          partial[odd + j] += b * half[k * side + j];
          partial[odd + side + j] += b * half[(modes + k) * side + j];
        }
      }
      int top = i * side;
      int bottom = (side - 1 - i) * side;
      for (int j = 0; j < side; j++) {
        dx[top + j] = partial[j] + partial[2 * side + j];
        dy[top + j] = partial[side + j] + partial[3 * side + j];
        dx[bottom + j] = partial[j] - partial[2 * side + j];
        dy[bottom + j] = partial[side + j] - partial[3 * side + j];
      }
    }
  }

  /** Takes a pair's draws from {@code random} without making it, keeping later draws in step. */
  void skip(SplittableRandom random) {
    for (int i = 0; i < coefficients.length; i++) {
      random.nextDouble();
    }
  }

  private void axpy(float a, float[] x, int from, float[] y, int to) {
    for (int j = 0; j < side; j++) {
      y[to + j] += a * x[from + j];
    }
  }
}
