package io.lenet5.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.lenet5.Records;
import io.lenet5.SpecNames;
import io.lenet5.UserException;

/**
 * How to train: optimizer and its hyperparameters, batch size and number of epochs. A field here is
 * all a new hyperparameter needs besides the code that uses it: it becomes a search knob, a flag of
 * {@code train} (helped by its {@code @JsonPropertyDescription}), part of the export's provenance
 * and of the check that a resumed checkpoint fits; {@link #fromJson} gives it its default.
 *
 * @param momentum used by SGD only (Keras' {@code momentum}); Adam uses Keras' defaults (beta1 0.9,
 *     beta2 0.999, epsilon 1e-7)
 * @param schedule how the learning rate changes by epoch
 * @param decayEpochs epochs over which a decaying schedule runs; null for {@code epochs}. The tuner
 *     sets it to its maximum so that every trial follows the same curve
 * @param augmentShift largest random shift of training images, in pixels (0 for none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingConfig(
    @JsonPropertyDescription("update rule; sgd uses momentum") OptimizerKind optimizer,
    @JsonPropertyDescription("learning rate") double learningRate,
    @JsonPropertyDescription("momentum of sgd") double momentum,
    @JsonPropertyDescription("batch size") int batchSize,
    @JsonPropertyDescription("number of epochs") int epochs,
    @JsonPropertyDescription("learning-rate schedule") LearningRateSchedule schedule,
    @JsonPropertyDescription("epochs over which the schedule decays") Integer decayEpochs,
    @JsonPropertyDescription("shift training images randomly by up to this many pixels")
        int augmentShift) {
  /** Largest accepted {@link #augmentShift}: beyond it digits leave the 20x20 centre box. */
  public static final int MAX_SHIFT = 4;

  /**
   * Largest accepted {@link #batchSize}: a batch's pixels fit one Java array many times over, and
   * larger batches gain nothing on LeNet-5.
   */
  public static final int MAX_BATCH_SIZE = 65_536;

  /** Adam, learning rate 1e-3, batch 128, 10 epochs, constant rate, no augmentation. */
  public static final TrainingConfig DEFAULT =
      new TrainingConfig(
          OptimizerKind.ADAM, 1e-3, 0.9, 128, 10, LearningRateSchedule.CONSTANT, null, 0);

  /** Validates every field; messages name the field, the expected range and the value. */
  public TrainingConfig {
    if (optimizer == null) {
      throw new UserException(
          "training.optimizer: expected one of "
              + SpecNames.list(OptimizerKind.values(), OptimizerKind::specName)
              + ", got null");
    }
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new UserException("training.learningRate: must be > 0, got " + learningRate);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new UserException("training.momentum: must be in [0, 1), got " + momentum);
    }
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new UserException(
          "training.batchSize: must be in 1.." + MAX_BATCH_SIZE + ", got " + batchSize);
    }
    if (epochs < 1) {
      throw new UserException("training.epochs: must be >= 1, got " + epochs);
    }
    if (schedule == null) {
      throw new UserException(
          "training.schedule: expected one of "
              + SpecNames.list(LearningRateSchedule.values(), LearningRateSchedule::specName)
              + ", got null");
    }
    if (decayEpochs != null && decayEpochs < 1) {
      throw new UserException("training.decayEpochs: must be >= 1, got " + decayEpochs);
    }
    if (augmentShift < 0 || augmentShift > MAX_SHIFT) {
      throw new UserException(
          "training.augmentShift: must be in 0.." + MAX_SHIFT + ", got " + augmentShift);
    }
  }

  /** The learning rate of a 1-based epoch under this config's schedule. */
  public double learningRate(int epoch) {
    return schedule.rate(learningRate, epoch, decayEpochs == null ? epochs : decayEpochs);
  }

  @JsonCreator
  static TrainingConfig fromJson(
      @JsonProperty("optimizer") OptimizerKind optimizer,
      @JsonProperty("learningRate") Double learningRate,
      @JsonProperty("momentum") Double momentum,
      @JsonProperty("batchSize") Integer batchSize,
      @JsonProperty("epochs") Integer epochs,
      @JsonProperty("schedule") LearningRateSchedule schedule,
      @JsonProperty("decayEpochs") Integer decayEpochs,
      @JsonProperty("augmentShift") Integer augmentShift) {
    return new TrainingConfig(
        optimizer == null ? DEFAULT.optimizer : optimizer,
        learningRate == null ? DEFAULT.learningRate : learningRate,
        momentum == null ? DEFAULT.momentum : momentum,
        batchSize == null ? DEFAULT.batchSize : batchSize,
        epochs == null ? DEFAULT.epochs : epochs,
        schedule == null ? DEFAULT.schedule : schedule,
        decayEpochs,
        augmentShift == null ? DEFAULT.augmentShift : augmentShift);
  }

  /** A copy with another optimizer. */
  public TrainingConfig withOptimizer(OptimizerKind value) {
    return with("optimizer", value);
  }

  /** A copy with another learning rate. */
  public TrainingConfig withLearningRate(double value) {
    return with("learningRate", value);
  }

  /** A copy with another batch size. */
  public TrainingConfig withBatchSize(int value) {
    return with("batchSize", value);
  }

  /** A copy with another number of epochs. */
  public TrainingConfig withEpochs(int value) {
    return with("epochs", value);
  }

  /** A copy with another schedule and decay horizon. */
  public TrainingConfig withSchedule(LearningRateSchedule value, Integer horizon) {
    return with("schedule", value).with("decayEpochs", horizon);
  }

  /** A copy with one field replaced, validated like any other. */
  private TrainingConfig with(String field, Object value) {
    return Records.with(this, field, value);
  }
}
