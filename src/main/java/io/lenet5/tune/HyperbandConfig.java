package io.lenet5.tune;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * Everything that decides a Hyperband run's sequence of trials besides the search space: the
 * schedule, the objective that ranks trials for promotion, and the seed for sampling.
 *
 * @param schedule the bracket arithmetic
 * @param objective the metric and direction that rank trials
 * @param seed the seed every trial's sampling generator is derived from
 * @param historyLag with a sampler that learns: trial k learns from the reports of trials {@code k
 *     - historyLag} and earlier (see {@link Sampler#readsHistory()}); null, and left out of {@code
 *     oracle.json}, for random sampling
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HyperbandConfig(
    HyperbandSchedule schedule, Objective objective, long seed, Integer historyLag) {

  /** Requires the schedule and objective, and a lag of at least 1 when there is one. */
  @JsonCreator
  public HyperbandConfig {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(objective, "objective");
    if (historyLag != null && historyLag < 1) {
      throw new IllegalArgumentException("historyLag: expected >= 1, received " + historyLag);
    }
  }

  /** Settings for random sampling, which has no history lag. */
  public HyperbandConfig(HyperbandSchedule schedule, Objective objective, long seed) {
    this(schedule, objective, seed, null);
  }
}
