package io.lenet5.train;

/** Stops a run whose loss became NaN or infinite, with advice instead of a page of NaNs. */
public final class DivergenceCheck implements TrainingListener {
  private final double learningRate;

  /** Creates the check; the learning rate is quoted in the advice. */
  public DivergenceCheck(double learningRate) {
    this.learningRate = learningRate;
  }

  @Override
  public void onBatchEnd(BatchProgress p) {
    if (!Float.isFinite(p.lastBatchLoss())) {
      throw new TrainingDivergedException(
          String.format(
              "training diverged: loss is %s at epoch %d, step %d; try a lower learning rate"
                  + " (now %g, e.g. %g)",
              p.lastBatchLoss(), p.epoch(), p.batch(), learningRate, learningRate / 10));
    }
  }
}
