package io.lenet5.train;

import java.util.SplittableRandom;

/** Seeded epoch orders: epoch k's order depends on the seed and k only, so resuming repeats it. */
final class Shuffle {
  private Shuffle() {}

  /** The random stream of one epoch of a seed. */
  static SplittableRandom random(long seed, int epoch) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
  }

  /** A permutation of {@code 0..n-1} for one epoch (Fisher-Yates). */
  static int[] permutation(int n, long seed, int epoch) {
    SplittableRandom random = random(seed, epoch);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
