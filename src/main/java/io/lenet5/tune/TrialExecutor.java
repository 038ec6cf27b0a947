package io.lenet5.tune;

/**
 * Trains trials: here ({@link LocalTrialExecutor}) or elsewhere (a Spark executor). An
 * implementation builds the model from the task's spec, restores the parent checkpoint when there
 * is one, trains from {@link Trial#initialEpoch()} up to {@link Trial#epochs()} and returns the
 * checkpoint and history as values; it writes no files of the search. Thread-safe: {@link #run} is
 * called from up to {@code parallelTrials} threads at once.
 */
public interface TrialExecutor extends AutoCloseable {

  /**
   * Runs one trial.
   *
   * @return the outcome, or a failure specific to this trial; it is then skipped for promotion
   * @throws Exception when the run itself cannot go on (bad data, a full disk, an interrupt): the
   *     search stops and the trial stays RUNNING, to be rerun on resume
   */
  TrialOutcome run(TrialTask task) throws Exception;

  /** Trials this executor trains well at once; the default of {@code execution.parallelTrials}. */
  int defaultParallelTrials();

  /** Releases what the executor holds (threads, a cluster connection). */
  @Override
  default void close() throws Exception {}
}
