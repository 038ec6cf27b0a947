package io.lenet5.tune;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;

/**
 * Everything that decides a Hyperband run's sequence of trials besides the search space: the
 * schedule, the objective that ranks trials for promotion, and the seed for sampling.
 *
 * @param schedule the bracket arithmetic
 * @param objective the metric and direction that rank trials
 * @param seed the seed every trial's sampling generator is derived from
 */
// A learning search of the release before the virtual clock recorded a historyLag; reports now come
// in the same order on every run, so a trial learns from all those in at its hand-out.
@JsonIgnoreProperties("historyLag")
public record HyperbandConfig(HyperbandSchedule schedule, Objective objective, long seed) {

  /** Requires the schedule and objective. */
  @JsonCreator
  public HyperbandConfig {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(objective, "objective");
  }
}
