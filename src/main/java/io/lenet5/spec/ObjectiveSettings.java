package io.lenet5.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lenet5.UserException;
import java.util.Map;

/**
 * The {@code objective} section: which validation metric ranks trials, and in which direction. The
 * score of a trial is the metric at its last epoch, the state its checkpoint holds and promoted
 * trials continue from.
 */
public record ObjectiveSettings(String metric, String direction) {
  private static final Map<String, String> NATURAL_DIRECTION =
      Map.of("val_accuracy", "max", "val_loss", "min");

  /** Accepts the metrics the trainer reports and {@code max}/{@code min}. */
  public ObjectiveSettings {
    if (!NATURAL_DIRECTION.containsKey(metric)) {
      throw new UserException(
          "objective.metric: expected val_accuracy or val_loss, got '"
              + UserException.shown(metric)
              + "'");
    }
    if (!"max".equals(direction) && !"min".equals(direction)) {
      throw new UserException(
          "objective.direction: expected max or min, got '" + UserException.shown(direction) + "'");
    }
  }

  @JsonCreator
  static ObjectiveSettings fromJson(
      @JsonProperty("metric") String metric, @JsonProperty("direction") String direction) {
    String m = metric == null ? "val_accuracy" : metric;
    return new ObjectiveSettings(
        m, direction == null ? NATURAL_DIRECTION.getOrDefault(m, "max") : direction);
  }

  /** Whether larger values are better. */
  public boolean maximize() {
    return "max".equals(direction);
  }
}
