package io.lenet5.tune;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Derives each trial's sampling generator from the run's seed and the trial's index, so sampling
 * needs no saved generator state: trial {@code i} draws the same values whether the run was
 * interrupted or not. Part of the persisted format: changing it changes resumed runs.
 */
final class TrialSeeds {
  private TrialSeeds() {}

  /** A generator for the trial with this index. */
  static RandomGenerator generator(long seed, int index) {
    // Nearby SplittableRandom seeds give shifted copies of one stream, so mix both numbers first.
    return new SplittableRandom(mix64(mix64(seed) ^ mix64(index + 0x9E3779B97F4A7C15L)));
  }

  /** SplitMix64's finalizer (Stafford variant 13): a bijection that scatters nearby inputs. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
