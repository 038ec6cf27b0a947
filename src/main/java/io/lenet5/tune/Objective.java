package io.lenet5.tune;

import io.lenet5.UserException;
import java.util.Comparator;

/**
 * The metric a tuning run optimizes and in which direction, e.g. {@code val_accuracy} to maximize
 * or {@code val_loss} to minimize.
 *
 * @param metric the metric's name as the trainer reports it
 * @param direction whether larger or smaller values are better
 */
public record Objective(String metric, Direction direction) {

  /** Whether larger or smaller values of the metric are better. */
  public enum Direction {
    /** Larger is better (accuracy). */
    MAX,
    /** Smaller is better (loss). */
    MIN
  }

  /** Validates the metric name and direction; both come from the user's spec. */
  public Objective {
    if (metric == null || metric.isBlank()) {
      throw new UserException(
          "objective.metric: expected a metric name such as val_accuracy, received "
              + (metric == null ? "nothing" : "'" + metric + "'"));
    }
    if (direction == null) {
      throw new UserException("objective.direction: expected MAX or MIN, received nothing");
    }
  }

  /** Whether {@code candidate} is strictly better than {@code incumbent}. */
  public boolean isBetter(double candidate, double incumbent) {
    return direction == Direction.MAX ? candidate > incumbent : candidate < incumbent;
  }

  /**
   * Orders scores best first; a stable sort with it keeps the earlier of two equal scores first.
   */
  public Comparator<Double> bestFirst() {
    return direction == Direction.MAX ? Comparator.reverseOrder() : Comparator.naturalOrder();
  }
}
