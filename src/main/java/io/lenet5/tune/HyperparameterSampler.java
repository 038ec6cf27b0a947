package io.lenet5.tune;

import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Draws one configuration from a search space. The oracle hands it a generator seeded from the
 * run's seed and the trial's index, so a sampler that draws only from {@code rng} makes runs
 * reproducible and resumable. It may be called more than once for the same trial (to replace a
 * duplicate, or when the oracle looks ahead), so it must have no side effects.
 */
@FunctionalInterface
public interface HyperparameterSampler {

  /**
   * Samples one configuration.
   *
   * @param rng the only source of randomness the sampler may use
   * @return hyperparameter name to value; values are {@link Long}, {@link Double}, {@link String}
   *     or {@link Boolean} (an {@link Integer} is widened to {@link Long}), in a stable order
   */
  Map<String, Object> sample(RandomGenerator rng);
}
