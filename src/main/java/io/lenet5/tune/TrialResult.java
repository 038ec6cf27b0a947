package io.lenet5.tune;

import java.util.Objects;

/** What a {@link TrialExecutor} reports for one trial. */
public sealed interface TrialResult {

  /**
   * The trial trained to its target epoch.
   *
   * @param score the objective's value; NaN makes the oracle record the trial as FAILED
   */
  record Completed(double score) implements TrialResult {}

  /**
   * The trial could not be scored for a reason specific to it, e.g. its loss diverged.
   *
   * @param message why, shown to the user and kept in the trial's file
   */
  record Failed(String message) implements TrialResult {
    /** Requires a message. */
    public Failed {
      Objects.requireNonNull(message, "message");
    }
  }
}
