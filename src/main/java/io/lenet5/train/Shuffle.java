package io.lenet5.train;

import io.lenet5.data.Split;
import java.util.SplittableRandom;

/** Seeded epoch orders: epoch k's order depends on the seed and k only, so resuming repeats it. */
final class Shuffle {
  private Shuffle() {}

  /** The random stream of one epoch of a seed. */
  static SplittableRandom random(long seed, int epoch) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
  }

  /** A permutation of {@code 0..n-1} for one epoch. */
  static int[] permutation(int n, long seed, int epoch) {
    return Split.permutation(n, random(seed, epoch));
  }
}
