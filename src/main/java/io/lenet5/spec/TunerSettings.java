package io.lenet5.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lenet5.UserException;

/**
 * The {@code tuner} section: the algorithm, its budget and how it samples new configurations.
 * Settings left at their defaults are left out of the JSON, so a spec written before a setting
 * existed keeps its fingerprint and its search resumes.
 *
 * @param algorithm {@code hyperband} (the default) or {@code random}, Keras Tuner's RandomSearch
 * @param maxEpochs Hyperband only: the most epochs a trial trains (its resource)
 * @param factor Hyperband only: each round keeps the best 1/factor
 * @param iterations Hyperband only: how many times the whole set of brackets runs, or {@code
 *     "auto"}
 * @param maxTrials random search only: how many configurations to train, each for {@code
 *     training.epochs}
 * @param sampler how new configurations are drawn; null for {@link SamplerSettings#RANDOM}
 * @param maxWallSeconds Hyperband only: no bracket opens that the estimate says would end after
 *     this many seconds from the search's start; null for none. Left out of the fingerprint.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TunerSettings(
    String algorithm,
    Integer maxEpochs,
    Integer factor,
    Iterations iterations,
    Integer maxTrials,
    SamplerSettings sampler,
    Double maxWallSeconds) {
  /** The algorithm Keras Tuner's notebook uses. */
  public static final String HYPERBAND = "hyperband";

  /** Keras Tuner's {@code RandomSearch}. */
  public static final String RANDOM = "random";

  /** Keras Tuner's default {@code max_trials}. */
  public static final int DEFAULT_MAX_TRIALS = 10;

  /** Validates the settings of the chosen algorithm and refuses the other's. */
  public TunerSettings {
    if (HYPERBAND.equals(algorithm)) {
      if (maxEpochs == null) {
        throw new UserException("tuner.maxEpochs: expected an integer >= 1, got nothing");
      }
      if (maxEpochs < 1) {
        throw new UserException("tuner.maxEpochs: must be >= 1, got " + maxEpochs);
      }
      if (factor < 2) {
        throw new UserException("tuner.factor: must be >= 2, got " + factor);
      }
      if (maxTrials != null) {
        throw new UserException(
            "tuner.maxTrials: applies to algorithm 'random'; Hyperband's trials follow from"
                + " maxEpochs, factor and iterations");
      }
    } else if (RANDOM.equals(algorithm)) {
      String hyperbandOnly =
          maxEpochs != null
              ? "maxEpochs"
              : factor != null ? "factor" : iterations != null ? "iterations" : null;
      if (hyperbandOnly != null) {
        throw new UserException(
            "tuner."
                + hyperbandOnly
                + ": applies to algorithm 'hyperband'; a random search trains each trial for"
                + " training.epochs");
      }
      if (maxTrials < 1) {
        throw new UserException("tuner.maxTrials: must be >= 1, got " + maxTrials);
      }
    } else {
      throw new UserException(
          "tuner.algorithm: expected 'hyperband' or 'random', got '"
              + UserException.shown(algorithm)
              + "'");
    }
    if (maxWallSeconds != null) {
      if (!HYPERBAND.equals(algorithm)) {
        throw new UserException(
            "tuner.maxWallSeconds: applies to algorithm 'hyperband', whose brackets it stops"
                + " opening; a random search's size is maxTrials");
      }
      if (!(maxWallSeconds > 0) || maxWallSeconds.isInfinite()) {
        throw new UserException(
            "tuner.maxWallSeconds: expected a number of seconds > 0, got " + maxWallSeconds);
      }
    }
    if (SamplerSettings.RANDOM.equals(sampler)) {
      sampler = null; // the default, written as nothing so that the fingerprint stays
    }
  }

  @JsonCreator
  static TunerSettings fromJson(
      @JsonProperty("algorithm") String algorithm,
      @JsonProperty("maxEpochs") Integer maxEpochs,
      @JsonProperty("factor") Integer factor,
      @JsonProperty("iterations") Iterations iterations,
      @JsonProperty("maxTrials") Integer maxTrials,
      @JsonProperty("sampler") SamplerSettings sampler,
      @JsonProperty("maxWallSeconds") Double maxWallSeconds) {
    String chosen = algorithm == null ? HYPERBAND : algorithm;
    boolean hyperband = HYPERBAND.equals(chosen);
    return new TunerSettings(
        chosen,
        maxEpochs,
        hyperband && factor == null ? Integer.valueOf(3) : factor,
        hyperband && iterations == null ? new Iterations(1) : iterations,
        RANDOM.equals(chosen) && maxTrials == null
            ? Integer.valueOf(DEFAULT_MAX_TRIALS)
            : maxTrials,
        sampler,
        maxWallSeconds);
  }

  /** A copy with {@code seconds} as the time budget, null for none. */
  public TunerSettings withMaxWallSeconds(Double seconds) {
    return new TunerSettings(algorithm, maxEpochs, factor, iterations, maxTrials, sampler, seconds);
  }

  /** Whether this is a Hyperband search. */
  public boolean hyperband() {
    return HYPERBAND.equals(algorithm);
  }

  /** The sampler, {@link SamplerSettings#RANDOM} when none is set. */
  public SamplerSettings samplerOrDefault() {
    return sampler == null ? SamplerSettings.RANDOM : sampler;
  }
}
