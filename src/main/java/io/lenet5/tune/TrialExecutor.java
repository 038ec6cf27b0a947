package io.lenet5.tune;

/**
 * Trains one trial; the seam between the oracle and TensorFlow. An implementation builds the model
 * from {@link Trial#hyperparameters()}, restores the checkpoint of {@link Trial#parentId()} when
 * there is one, trains from {@link Trial#initialEpoch()} up to {@link Trial#epochs()}, saves a
 * checkpoint under the trial's id for its children, and returns the objective's value.
 */
@FunctionalInterface
public interface TrialExecutor {

  /**
   * Runs one trial.
   *
   * @return the score, or a failure specific to this trial; it is then skipped for promotion
   * @throws Exception when the run itself cannot go on (bad data, a full disk, an interrupt): the
   *     tuning run stops and the trial stays RUNNING, to be rerun on resume
   */
  TrialResult run(Trial trial) throws Exception;
}
