package io.lenet5.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lenet5.UserException;

/**
 * The {@code execution} section: how trials share the machine. A given setting gives the same
 * search on every run; another setting may promote other trials, since the oracle hands out trials
 * while others still train and each session's thread count changes the order of floating-point
 * sums.
 *
 * @param parallelTrials trials trained at once in one JVM, each in its own thread with its share of
 *     the cores; null picks from the machine (one more than the cores on the CPU, at most 4; one on
 *     a GPU)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionSettings(Integer parallelTrials) {
  /** Let the machine decide. */
  public static final ExecutionSettings DEFAULT = new ExecutionSettings(null);

  /** Requires a positive count when given. */
  public ExecutionSettings {
    if (parallelTrials != null && parallelTrials < 1) {
      throw new UserException("execution.parallelTrials: must be >= 1, got " + parallelTrials);
    }
  }

  @JsonCreator
  static ExecutionSettings fromJson(@JsonProperty("parallelTrials") Integer parallelTrials) {
    return new ExecutionSettings(parallelTrials);
  }
}
