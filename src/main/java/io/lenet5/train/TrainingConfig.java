package io.lenet5.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lenet5.UserException;

/**
 * How to train: optimizer and its hyperparameters, batch size and number of epochs.
 *
 * @param momentum used by SGD only (Keras' {@code momentum}); Adam uses Keras' defaults
 *     (beta1 0.9, beta2 0.999, epsilon 1e-7)
 */
public record TrainingConfig(
    OptimizerKind optimizer, double learningRate, double momentum, int batchSize, int epochs) {
  /** Adam, learning rate 1e-3, batch 128, 10 epochs. */
  public static final TrainingConfig DEFAULT =
      new TrainingConfig(OptimizerKind.ADAM, 1e-3, 0.9, 128, 10);

  /** Validates every field; messages name the field, the expected range and the value. */
  public TrainingConfig {
    if (optimizer == null) {
      throw new UserException("training.optimizer: expected adam or sgd, got null");
    }
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new UserException("training.learningRate: must be > 0, got " + learningRate);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new UserException("training.momentum: must be in [0, 1), got " + momentum);
    }
    if (batchSize < 1) {
      throw new UserException("training.batchSize: must be >= 1, got " + batchSize);
    }
    if (epochs < 1) {
      throw new UserException("training.epochs: must be >= 1, got " + epochs);
    }
  }

  @JsonCreator
  static TrainingConfig fromJson(
      @JsonProperty("optimizer") OptimizerKind optimizer,
      @JsonProperty("learningRate") Double learningRate,
      @JsonProperty("momentum") Double momentum,
      @JsonProperty("batchSize") Integer batchSize,
      @JsonProperty("epochs") Integer epochs) {
    return new TrainingConfig(
        optimizer == null ? DEFAULT.optimizer : optimizer,
        learningRate == null ? DEFAULT.learningRate : learningRate,
        momentum == null ? DEFAULT.momentum : momentum,
        batchSize == null ? DEFAULT.batchSize : batchSize,
        epochs == null ? DEFAULT.epochs : epochs);
  }

  /** A copy with another learning rate. */
  public TrainingConfig withLearningRate(double value) {
    return new TrainingConfig(optimizer, value, momentum, batchSize, epochs);
  }

  /** A copy with another batch size. */
  public TrainingConfig withBatchSize(int value) {
    return new TrainingConfig(optimizer, learningRate, momentum, value, epochs);
  }

  /** A copy with another number of epochs. */
  public TrainingConfig withEpochs(int value) {
    return new TrainingConfig(optimizer, learningRate, momentum, batchSize, value);
  }
}
