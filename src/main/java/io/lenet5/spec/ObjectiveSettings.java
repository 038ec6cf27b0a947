package io.lenet5.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lenet5.UserException;
import io.lenet5.train.Metric;

/**
 * The {@code objective} section: which validation metric ranks trials, and in which direction
 * ({@code max} or {@code min}, by default the metric's natural one). The score of a trial is the
 * metric at its last epoch, the state its checkpoint holds and promoted trials continue from.
 */
public record ObjectiveSettings(Metric metric, String direction) {
  /** Accepts a metric and {@code max}/{@code min}. */
  public ObjectiveSettings {
    if (metric == null) {
      throw new UserException("objective.metric: expected a metric, got null");
    }
    if (!"max".equals(direction) && !"min".equals(direction)) {
      throw new UserException(
          "objective.direction: expected max or min, got '" + UserException.shown(direction) + "'");
    }
  }

  @JsonCreator
  static ObjectiveSettings fromJson(
      @JsonProperty("metric") Metric metric, @JsonProperty("direction") String direction) {
    Metric m = metric == null ? Metric.VAL_ACCURACY : metric;
    return new ObjectiveSettings(
        m, direction == null ? (m.largerIsBetter() ? "max" : "min") : direction);
  }

  /** Whether larger values are better. */
  public boolean maximize() {
    return "max".equals(direction);
  }
}
