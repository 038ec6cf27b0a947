package io.lenet5.tune;

/** Where a trial stands. */
public enum TrialStatus {
  /** Handed out and not reported yet; after a crash it is run again from its start. */
  RUNNING,
  /** Trained to its target epoch and scored. */
  COMPLETED,
  /** Could not be scored (an error or a NaN objective); never promoted. */
  FAILED
}
