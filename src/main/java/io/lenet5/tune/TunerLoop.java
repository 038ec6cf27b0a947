package io.lenet5.tune;

import io.lenet5.UserException;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a search one trial at a time: asks the oracle for a trial, has the executor train it, and
 * reports the result. The oracle writes each change to disk as it happens, so stopping this loop at
 * any point loses at most the trial in flight.
 */
public final class TunerLoop {
  /** Keras Tuner's default {@code max_consecutive_failed_trials}. */
  public static final int DEFAULT_MAX_CONSECUTIVE_FAILURES = 3;

  private final HyperbandOracle oracle;
  private final TrialExecutor executor;
  private final int maxConsecutiveFailures;

  /**
   * Creates the loop.
   *
   * @param maxConsecutiveFailures how many trials in a row may fail before the search stops, as
   *     they then point at a problem no hyperparameter will fix
   */
  public TunerLoop(HyperbandOracle oracle, TrialExecutor executor, int maxConsecutiveFailures) {
    this.oracle = Objects.requireNonNull(oracle, "oracle");
    this.executor = Objects.requireNonNull(executor, "executor");
    if (maxConsecutiveFailures < 1) {
      throw new IllegalArgumentException(
          "maxConsecutiveFailures: expected >= 1, received " + maxConsecutiveFailures);
    }
    this.maxConsecutiveFailures = maxConsecutiveFailures;
  }

  /**
   * Runs trials until the oracle is finished.
   *
   * @return the best trial, if any completed
   * @throws UserException when {@code maxConsecutiveFailures} trials in a row failed
   * @throws Exception what the executor threw; the trial in flight stays RUNNING
   */
  public Optional<Trial> run() throws Exception {
    int consecutiveFailures = 0;
    while (true) {
      NextTrial next = oracle.nextTrial();
      if (next instanceof NextTrial.Finished) {
        return oracle.best();
      }
      if (!(next instanceof NextTrial.Run run)) {
        // Only trials handed out elsewhere can make the oracle wait; this loop runs one at a time.
        throw new IllegalStateException("the oracle waits for trials this loop did not start");
      }
      Trial reported = report(run.trial(), executor.run(run.trial()));
      consecutiveFailures = reported.status() == TrialStatus.FAILED ? consecutiveFailures + 1 : 0;
      if (consecutiveFailures >= maxConsecutiveFailures) {
        throw new UserException(
            "trials: expected fewer than "
                + maxConsecutiveFailures
                + " failed trials in a row, received "
                + consecutiveFailures
                + "; the last, trial "
                + reported.id()
                + ": "
                + reported.message());
      }
    }
  }

  private Trial report(Trial trial, TrialResult result) {
    if (result instanceof TrialResult.Completed completed) {
      return oracle.reportCompleted(trial.id(), completed.score());
    }
    if (result instanceof TrialResult.Failed failed) {
      return oracle.reportFailed(trial.id(), failed.message());
    }
    throw new IllegalArgumentException("result: expected Completed or Failed, received " + result);
  }
}
