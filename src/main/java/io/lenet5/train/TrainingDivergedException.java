package io.lenet5.train;

import io.lenet5.UserException;

/** The loss became NaN or infinite: the hyperparameters, not the program, need changing. */
public final class TrainingDivergedException extends UserException {
  /** Creates the error with advice on what to change. */
  public TrainingDivergedException(String message) {
    super(message);
  }
}
