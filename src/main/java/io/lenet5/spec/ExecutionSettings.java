package io.lenet5.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lenet5.UserException;
import java.util.List;

/**
 * The {@code execution} section: where trials train and how they share the machine. A given {@code
 * parallelTrials} gives the same search on every run and on every engine; another setting may
 * promote other trials, since the oracle hands out trials while others still train and each
 * session's thread count changes the order of floating-point sums.
 *
 * @param parallelTrials trials trained at once, each in its own thread with its share of the cores
 *     (local) or its own task (Spark); null picks from the engine (locally one more than the cores
 *     on the CPU, at most 4, and one on a GPU; on Spark the cluster's task slots)
 * @param engine {@code local} or {@code spark}; null for local unless {@code --engine} says
 *     otherwise
 * @param maxRetriesPerTrial how often a trial whose run broke down (a lost worker after Spark's own
 *     retries, a failed job) is run again before the search stops; a trial that fails for a reason
 *     of its own, such as a diverged loss, is never retried. Null for the engine's default: 0
 *     locally, {@value #DEFAULT_SPARK_RETRIES} on Spark
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionSettings(Integer parallelTrials, String engine, Integer maxRetriesPerTrial) {
  /** Let the machine decide. */
  public static final ExecutionSettings DEFAULT = new ExecutionSettings(null, null, null);

  /** The engines a spec may name. */
  public static final List<String> ENGINES = List.of("local", "spark");

  /** Retries of a broken-down trial on Spark when the spec says nothing. */
  public static final int DEFAULT_SPARK_RETRIES = 2;

  /** Requires a positive count, a known engine and non-negative retries when given. */
  public ExecutionSettings {
    if (parallelTrials != null && parallelTrials < 1) {
      throw new UserException("execution.parallelTrials: must be >= 1, got " + parallelTrials);
    }
    if (engine != null && !ENGINES.contains(engine)) {
      throw new UserException(
          "execution.engine: expected one of "
              + String.join(", ", ENGINES)
              + ", got '"
              + engine
              + "'");
    }
    if (maxRetriesPerTrial != null && maxRetriesPerTrial < 0) {
      throw new UserException(
          "execution.maxRetriesPerTrial: must be >= 0, got " + maxRetriesPerTrial);
    }
  }

  /** Only the trial count: where trials run and their retries change no trial. */
  public ExecutionSettings forFingerprint() {
    return new ExecutionSettings(parallelTrials, null, null);
  }

  /** A copy on another engine (the {@code --engine} flag). */
  public ExecutionSettings withEngine(String value) {
    return new ExecutionSettings(parallelTrials, value, maxRetriesPerTrial);
  }

  /** The engine's name, {@code local} when the spec names none. */
  public String engineName() {
    return engine == null ? "local" : engine;
  }

  /** The retries of a broken-down trial: the spec's, else the engine's default. */
  public int retries() {
    if (maxRetriesPerTrial != null) {
      return maxRetriesPerTrial;
    }
    return engineName().equals("spark") ? DEFAULT_SPARK_RETRIES : 0;
  }

  @JsonCreator
  static ExecutionSettings fromJson(
      @JsonProperty("parallelTrials") Integer parallelTrials,
      @JsonProperty("engine") String engine,
      @JsonProperty("maxRetriesPerTrial") Integer maxRetriesPerTrial) {
    return new ExecutionSettings(parallelTrials, engine, maxRetriesPerTrial);
  }
}
