package io.lenet5.tune;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything that decides a random search's trials besides the search space, as Keras Tuner's
 * {@code RandomSearch}: {@code maxTrials} configurations, each trained for {@code epochs}.
 *
 * @param maxTrials how many configurations to train ({@code max_trials})
 * @param epochs the epochs each trains
 * @param objective the metric and direction that rank trials
 * @param seed the seed every trial's sampling generator is derived from
 */
@JsonIgnoreProperties("historyLag") // as HyperbandConfig
public record RandomSearchConfig(int maxTrials, int epochs, Objective objective, long seed)
    implements SearchPlan {

  /** Validates the counts and requires the objective. */
  public RandomSearchConfig {
    if (maxTrials < 1 || maxTrials > HyperbandSchedule.MAX_TRIALS) {
      throw new IllegalArgumentException(
          "maxTrials: expected 1.." + HyperbandSchedule.MAX_TRIALS + ", received " + maxTrials);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs: expected >= 1, received " + epochs);
    }
    Objects.requireNonNull(objective, "objective");
  }

  @Override
  public String algorithm() {
    return "random";
  }

  @Override
  public int totalTrials() {
    return maxTrials;
  }

  @Override
  public long epochsWithResume() {
    return (long) maxTrials * epochs;
  }

  @Override
  public int maxEpochs() {
    return epochs;
  }

  @Override
  public String placement(Trial trial) {
    return "random search";
  }

  @Override
  public String table() {
    return String.format(
        Locale.ROOT,
        "random search: %d trials of %d epochs, %d epochs in all%n",
        maxTrials,
        epochs,
        epochsWithResume());
  }
}
