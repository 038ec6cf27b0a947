package io.lenet5.bench;

import java.util.Arrays;

/**
 * Median, minimum and maximum of repeated measurements; the median is what reports compare, since
 * the machine is shared and single timings swing.
 */
public record Stats(double median, double min, double max, int count) {
  /** Summarises {@code values} (at least one). */
  public static Stats of(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return new Stats(median, sorted[0], sorted[n - 1], n);
  }
}
