package io.lenet5.tune;

import java.util.Objects;

/**
 * What {@link Oracle#nextTrial()} answers: a trial to run, a request to wait for running trials to
 * report, or the end of the search.
 */
public sealed interface NextTrial {

  /** Nothing to hand out until a running trial reports. */
  NextTrial WAIT = new Wait();

  /** The search is over: every bracket of every iteration is done. */
  NextTrial FINISHED = new Finished();

  /**
   * A trial to train now.
   *
   * @param trial the trial, RUNNING
   */
  record Run(Trial trial) implements NextTrial {
    /** Requires a RUNNING trial. */
    public Run {
      Objects.requireNonNull(trial, "trial");
      if (trial.status() != TrialStatus.RUNNING) {
        throw new IllegalArgumentException(
            "trial: expected a RUNNING trial, received " + trial.status());
      }
    }
  }

  /** Nothing can run until a running trial reports; only happens with trials out in parallel. */
  record Wait() implements NextTrial {}

  /** Every bracket is done and no trial is running. */
  record Finished() implements NextTrial {}
}
