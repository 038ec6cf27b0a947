package io.lenet5.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.lenet5.OmittedAtDefault;
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
 * @param weightDecay decoupled weight decay as Keras' {@code weight_decay} applies it: each step
 *     first multiplies every weight by {@code 1 - learningRate * weightDecay}
 * @param augmentRotation largest random rotation of training images, in degrees
 * @param augmentScale largest random zoom of training images, as a fraction of their size
 * @param augmentShear largest random horizontal shear of training images ({@code x += s * y})
 * @param elasticAlpha strength of elastic distortions (Simard et al. 2003), in pixels (0 for none)
 * @param elasticSigma smoothness of elastic distortions: the Gaussian's sigma, in pixels
 * @param elasticProbability the share of training images that elastic distortions apply to
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
        int augmentShift,
    @JsonPropertyDescription("decoupled weight decay per unit of learning rate") @OmittedAtDefault
        double weightDecay,
    @JsonPropertyDescription("rotate training images randomly by up to this many degrees")
        @OmittedAtDefault
        double augmentRotation,
    @JsonPropertyDescription("zoom training images randomly by up to this fraction")
        @OmittedAtDefault
        double augmentScale,
    @JsonPropertyDescription("shear training images randomly by up to this factor")
        @OmittedAtDefault
        double augmentShear,
    @JsonPropertyDescription("strength of elastic distortions, in pixels (0 for none)")
        @OmittedAtDefault
        double elasticAlpha,
    @JsonPropertyDescription("smoothness (Gaussian sigma, in pixels) of elastic distortions")
        @OmittedAtDefault
        double elasticSigma,
    @JsonPropertyDescription("share of training images that elastic distortions apply to")
        @OmittedAtDefault
        double elasticProbability) {
  /** Largest accepted {@link #augmentShift}: beyond it digits leave the 20x20 centre box. */
  public static final int MAX_SHIFT = 4;

  /**
   * Largest accepted {@link #batchSize}: a batch's pixels fit one Java array many times over, and
   * larger batches gain nothing on LeNet-5.
   */
  public static final int MAX_BATCH_SIZE = 65_536;

  /** Largest accepted {@link #augmentRotation}, in degrees. */
  public static final double MAX_ROTATION = 45;

  /** Largest accepted {@link #augmentScale} and {@link #augmentShear}. */
  public static final double MAX_WARP = 0.5;

  /** Largest accepted {@link #elasticAlpha} and {@link #elasticSigma}, in pixels. */
  public static final double MAX_ELASTIC = 64;

  /**
   * Adam, learning rate 1e-3, batch 128, 10 epochs, constant rate, no weight decay, no
   * augmentation; elastic distortions, when given a strength, are Simard's smoothness 4 on every
   * image.
   */
  public static final TrainingConfig DEFAULT =
      new TrainingConfig(
          OptimizerKind.ADAM,
          1e-3,
          0.9,
          128,
          10,
          LearningRateSchedule.CONSTANT,
          null,
          0,
          0,
          0,
          0,
          0,
          0,
          4,
          1);

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
    if (!(weightDecay >= 0 && weightDecay < 1)) {
      throw new UserException("training.weightDecay: must be in [0, 1), got " + weightDecay);
    }
    within("training.augmentRotation", augmentRotation, 0, MAX_ROTATION);
    within("training.augmentScale", augmentScale, 0, MAX_WARP);
    within("training.augmentShear", augmentShear, 0, MAX_WARP);
    within("training.elasticAlpha", elasticAlpha, 0, MAX_ELASTIC);
    if (!(elasticSigma > 0 && elasticSigma <= MAX_ELASTIC)) {
      throw new UserException(
          "training.elasticSigma: must be in (0, " + (int) MAX_ELASTIC + "], got " + elasticSigma);
    }
    within("training.elasticProbability", elasticProbability, 0, 1);
  }

  /** Whether training images are rotated, zoomed, sheared or distorted, beyond shifts. */
  public boolean warps() {
    return augmentRotation > 0
        || augmentScale > 0
        || augmentShear > 0
        || (elasticAlpha > 0 && elasticProbability > 0);
  }

  /**
   * Refuses warps of images that are not square: rotation, zoom, shear and the elastic field are
   * drawn about a square's centre.
   *
   * @throws UserException naming the knobs and the images' size
   */
  public void checkImages(int height, int width) {
    if (warps() && height != width) {
      throw new UserException(
          "training: rotation, zoom, shear and elastic distortions need square images, the"
              + " data's are "
              + height
              + "x"
              + width
              + "; use augmentShift alone");
    }
  }

  private static void within(String path, double value, double least, double most) {
    if (!(value >= least && value <= most)) {
      throw new UserException(
          path + ": must be in " + number(least) + ".." + number(most) + ", got " + value);
    }
  }

  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
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
      @JsonProperty("augmentShift") Integer augmentShift,
      @JsonProperty("weightDecay") Double weightDecay,
      @JsonProperty("augmentRotation") Double augmentRotation,
      @JsonProperty("augmentScale") Double augmentScale,
      @JsonProperty("augmentShear") Double augmentShear,
      @JsonProperty("elasticAlpha") Double elasticAlpha,
      @JsonProperty("elasticSigma") Double elasticSigma,
      @JsonProperty("elasticProbability") Double elasticProbability) {
    return new TrainingConfig(
        optimizer == null ? DEFAULT.optimizer : optimizer,
        learningRate == null ? DEFAULT.learningRate : learningRate,
        momentum == null ? DEFAULT.momentum : momentum,
        batchSize == null ? DEFAULT.batchSize : batchSize,
        epochs == null ? DEFAULT.epochs : epochs,
        schedule == null ? DEFAULT.schedule : schedule,
        decayEpochs,
        augmentShift == null ? DEFAULT.augmentShift : augmentShift,
        weightDecay == null ? DEFAULT.weightDecay : weightDecay,
        augmentRotation == null ? DEFAULT.augmentRotation : augmentRotation,
        augmentScale == null ? DEFAULT.augmentScale : augmentScale,
        augmentShear == null ? DEFAULT.augmentShear : augmentShear,
        elasticAlpha == null ? DEFAULT.elasticAlpha : elasticAlpha,
        elasticSigma == null ? DEFAULT.elasticSigma : elasticSigma,
        elasticProbability == null ? DEFAULT.elasticProbability : elasticProbability);
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
  public TrainingConfig with(String field, Object value) {
    return Records.with(this, field, value);
  }
}
