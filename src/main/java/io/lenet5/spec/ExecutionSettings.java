package io.lenet5.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lenet5.UserException;

/**
 * The {@code execution} section: how trials share the machine. Changes only speed, never results.
 *
 * @param parallelTrials trials trained at once in one JVM, each with cores/parallelTrials threads;
 *     null picks from the machine
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
