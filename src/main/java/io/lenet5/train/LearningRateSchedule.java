package io.lenet5.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.lenet5.SpecNames;
import java.util.Locale;

/**
 * How the learning rate changes from epoch to epoch. The rate depends on the epoch number only, so
 * a run resumed from a checkpoint (or a Hyperband trial continued from its parent) uses the same
 * rates as an uninterrupted one.
 */
public enum LearningRateSchedule {
  /** The base rate throughout. */
  CONSTANT,
  /** Cosine decay from the base rate towards zero over {@code decayEpochs} epochs. */
  COSINE;

  /**
   * The rate for a 1-based epoch.
   *
   * @param horizon epochs over which the cosine decays; later epochs keep the last rate
   */
  public double rate(double base, int epoch, int horizon) {
    if (this == CONSTANT) {
      return base;
    }
    int step = Math.min(epoch, horizon) - 1;
    return base * 0.5 * (1 + Math.cos(Math.PI * step / horizon));
  }

  /** The name written in specs. */
  @JsonValue
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code constant} or {@code cosine}. */
  @JsonCreator
  public static LearningRateSchedule parse(String name) {
    return SpecNames.parse(values(), LearningRateSchedule::specName, name);
  }
}
