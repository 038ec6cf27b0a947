package io.lenet5.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lenet5.UserException;

/**
 * The {@code tuner} section: the algorithm and its budget.
 *
 * @param maxEpochs the most epochs a trial trains (Hyperband's resource)
 * @param factor Hyperband's reduction factor: each round keeps the best 1/factor
 * @param iterations how many times the whole set of brackets runs
 */
public record TunerSettings(String algorithm, int maxEpochs, int factor, int iterations) {
  /** Only Hyperband is implemented. */
  public TunerSettings {
    if (!"hyperband".equals(algorithm)) {
      throw new UserException(
          "tuner.algorithm: expected 'hyperband', got '" + UserException.shown(algorithm) + "'");
    }
    if (maxEpochs < 1) {
      throw new UserException("tuner.maxEpochs: must be >= 1, got " + maxEpochs);
    }
    if (factor < 2) {
      throw new UserException("tuner.factor: must be >= 2, got " + factor);
    }
    if (iterations < 1) {
      throw new UserException("tuner.iterations: must be >= 1, got " + iterations);
    }
  }

  @JsonCreator
  static TunerSettings fromJson(
      @JsonProperty("algorithm") String algorithm,
      @JsonProperty("maxEpochs") Integer maxEpochs,
      @JsonProperty("factor") Integer factor,
      @JsonProperty("iterations") Integer iterations) {
    if (maxEpochs == null) {
      throw new UserException("tuner.maxEpochs: expected an integer >= 1, got nothing");
    }
    return new TunerSettings(
        algorithm == null ? "hyperband" : algorithm,
        maxEpochs,
        factor == null ? 3 : factor,
        iterations == null ? 1 : iterations);
  }
}
