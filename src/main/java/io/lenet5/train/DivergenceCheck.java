package io.lenet5.train;

import java.math.BigDecimal;

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
                  + " (now %s, e.g. %s)",
              p.lastBatchLoss(),
              p.epoch(),
              p.batch(),
              plain(learningRate),
              plain(learningRate / 10)));
    }
  }

  private static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
