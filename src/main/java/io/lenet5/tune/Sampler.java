package io.lenet5.tune;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Draws a new configuration for the oracle, from the trials already scored where it learns. The
 * oracle hands it a generator seeded from the run's seed and the trial's index, and only the
 * reports {@link #readsHistory() it may see}, so a sampler that uses nothing else makes runs
 * reproducible and resumable. It may be called more than once for the same trial (to replace a
 * duplicate, or when a resumed loop replays the record), so it must have no side effects.
 */
public interface Sampler {

  /**
   * Samples one configuration.
   *
   * @param rng the only source of randomness the sampler may use
   * @param history the completed trials it may learn from, in hand-out order; empty when it does
   *     not {@link #readsHistory() read history}
   * @return hyperparameter name to value; values are {@link Long}, {@link Double}, {@link String}
   *     or {@link Boolean} (an {@link Integer} is widened to {@link Long}), in a stable order
   */
  Map<String, Object> sample(RandomGenerator rng, List<Observation> history);

  /**
   * Whether {@link #sample} reads its history: the trials completed when the trial is handed out,
   * which the loop's virtual clock makes the same on every run ({@link TunerLoop}).
   */
  default boolean readsHistory() {
    return false;
  }

  /**
   * One scored trial as a sampler sees it.
   *
   * @param hyperparameters its configuration
   * @param epochs the epochs it was trained for, its budget
   * @param score the objective's value at its last epoch
   */
  record Observation(Map<String, Object> hyperparameters, int epochs, double score) {}
}
