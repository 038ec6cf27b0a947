package io.lenet5.train;

import java.util.List;

/**
 * Where a run stands after an epoch: what a checkpoint needs besides the tensors.
 *
 * @param history one entry per epoch done, the last one being this epoch
 */
public record TrainingState(TrainingSession session, List<EpochMetrics> history) {
  /** Number of epochs done. */
  public int epoch() {
    return history.size();
  }
}
