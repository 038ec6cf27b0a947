package io.lenet5.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lenet5.UserException;

/**
 * {@code tuner.sampler}: how a search draws new configurations. Written as a name ({@code "tpe"})
 * or as an object with a {@code type} and settings; a setting left out takes the default of BOHB's
 * reference implementation (Falkner et al., ICML 2018), and is left out of the JSON again.
 *
 * @param type {@code random} (uniform, Keras Tuner's) or {@code tpe} (BOHB's kernel density model)
 * @param quantile tpe: the best fraction of the scored trials that the good density is fitted to,
 *     in (0, 1); default {@value #DEFAULT_QUANTILE}
 * @param randomFraction tpe: the fraction of configurations drawn at random all the same, in [0,
 *     1]; default 1/3
 * @param candidates tpe: configurations drawn from the good density, of which the one with the best
 *     good/bad ratio is kept; default {@value #DEFAULT_CANDIDATES}
 * @param bandwidthFactor tpe: widens the good density's kernels when drawing candidates, >= 1;
 *     default {@value #DEFAULT_BANDWIDTH_FACTOR}
 * @param bandwidthFloor tpe: the least kernel bandwidth, in the unit cube of the search space, in
 *     (0, 1]; default {@value #DEFAULT_BANDWIDTH_FLOOR}
 * @param minPoints tpe: scored trials each density needs at a budget before the model is used;
 *     default the number of searched hyperparameters plus one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SamplerSettings(
    String type,
    Double quantile,
    Double randomFraction,
    Integer candidates,
    Double bandwidthFactor,
    Double bandwidthFloor,
    Integer minPoints) {
  /** Uniform sampling, the default. */
  public static final SamplerSettings RANDOM =
      new SamplerSettings("random", null, null, null, null, null, null);

  static final double DEFAULT_QUANTILE = 0.15;
  static final double DEFAULT_RANDOM_FRACTION = 1.0 / 3;
  static final int DEFAULT_CANDIDATES = 64;
  static final double DEFAULT_BANDWIDTH_FACTOR = 3;
  static final double DEFAULT_BANDWIDTH_FLOOR = 1e-3;

  /** Validates each setting; messages give its JSON path. */
  public SamplerSettings {
    boolean tpe = "tpe".equals(type);
    if (!tpe && !"random".equals(type)) {
      throw new UserException(
          "tuner.sampler.type: expected 'random' or 'tpe', got '"
              + UserException.shown(type)
              + "'");
    }
    if (!tpe
        && (quantile != null
            || randomFraction != null
            || candidates != null
            || bandwidthFactor != null
            || bandwidthFloor != null
            || minPoints != null)) {
      throw new UserException(
          "tuner.sampler: the random sampler has no settings; they belong to type 'tpe'");
    }
    if (quantile != null && !(quantile > 0 && quantile < 1)) {
      throw new UserException(
          "tuner.sampler.quantile: expected a number in (0, 1), got " + quantile);
    }
    if (randomFraction != null && !(randomFraction >= 0 && randomFraction <= 1)) {
      throw new UserException(
          "tuner.sampler.randomFraction: expected a number in [0, 1], got " + randomFraction);
    }
    if (candidates != null && (candidates < 1 || candidates > 100_000)) {
      throw new UserException(
          "tuner.sampler.candidates: expected an integer in 1..100000, got " + candidates);
    }
    if (bandwidthFactor != null && !(bandwidthFactor >= 1 && bandwidthFactor <= 100)) {
      throw new UserException(
          "tuner.sampler.bandwidthFactor: expected a number in [1, 100], got " + bandwidthFactor);
    }
    if (bandwidthFloor != null && !(bandwidthFloor > 0 && bandwidthFloor <= 1)) {
      throw new UserException(
          "tuner.sampler.bandwidthFloor: expected a number in (0, 1], got " + bandwidthFloor);
    }
    if (minPoints != null && (minPoints < 1 || minPoints > 10_000)) {
      throw new UserException(
          "tuner.sampler.minPoints: expected an integer in 1..10000, got " + minPoints);
    }
  }

  /** A sampler by name, with every setting at its default. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static SamplerSettings named(String type) {
    return new SamplerSettings(type, null, null, null, null, null, null);
  }

  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  static SamplerSettings fromJson(
      @JsonProperty("type") String type,
      @JsonProperty("quantile") Double quantile,
      @JsonProperty("randomFraction") Double randomFraction,
      @JsonProperty("candidates") Integer candidates,
      @JsonProperty("bandwidthFactor") Double bandwidthFactor,
      @JsonProperty("bandwidthFloor") Double bandwidthFloor,
      @JsonProperty("minPoints") Integer minPoints) {
    return new SamplerSettings(
        type, quantile, randomFraction, candidates, bandwidthFactor, bandwidthFloor, minPoints);
  }

  /** Whether configurations are learnt from the scored trials. */
  public boolean learns() {
    return "tpe".equals(type);
  }

  /** The quantile, or its default. */
  public double quantileOrDefault() {
    return quantile == null ? DEFAULT_QUANTILE : quantile;
  }

  /** The random fraction, or its default. */
  public double randomFractionOrDefault() {
    return randomFraction == null ? DEFAULT_RANDOM_FRACTION : randomFraction;
  }

  /** The candidate count, or its default. */
  public int candidatesOrDefault() {
    return candidates == null ? DEFAULT_CANDIDATES : candidates;
  }

  /** The bandwidth factor, or its default. */
  public double bandwidthFactorOrDefault() {
    return bandwidthFactor == null ? DEFAULT_BANDWIDTH_FACTOR : bandwidthFactor;
  }

  /** The bandwidth floor, or its default. */
  public double bandwidthFloorOrDefault() {
    return bandwidthFloor == null ? DEFAULT_BANDWIDTH_FLOOR : bandwidthFloor;
  }

  /** The least points per density, for a space of {@code dimensions} searched hyperparameters. */
  public int minPointsOrDefault(int dimensions) {
    return minPoints == null ? dimensions + 1 : minPoints;
  }
}
