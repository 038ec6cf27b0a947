package io.lenet5.tune;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A sampler that ignores the history: it draws one configuration from the search space with the
 * generator it is given, as Keras Tuner's random sampling does.
 */
@FunctionalInterface
public interface HyperparameterSampler extends Sampler {

  /**
   * Samples one configuration.
   *
   * @param rng the only source of randomness the sampler may use
   * @return hyperparameter name to value; values are {@link Long}, {@link Double}, {@link String}
   *     or {@link Boolean} (an {@link Integer} is widened to {@link Long}), in a stable order
   */
  Map<String, Object> sample(RandomGenerator rng);

  @Override
  default Map<String, Object> sample(RandomGenerator rng, List<Observation> history) {
    return sample(rng);
  }
}
