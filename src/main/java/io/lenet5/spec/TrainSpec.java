package io.lenet5.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lenet5.UserException;
import io.lenet5.data.DataConfig;
import io.lenet5.data.Dataset;
import io.lenet5.model.ModelConfig;
import io.lenet5.train.TrainingConfig;

/**
 * A training spec: the JSON a user hands to {@code train --spec}. Its {@code data}, {@code model}
 * and {@code training} sections are the ones the tuning spec reuses; a missing section or field
 * takes its default.
 */
public record TrainSpec(
    int specVersion, long seed, DataConfig data, ModelConfig model, TrainingConfig training) {
  /** The only version this build reads. */
  public static final int VERSION = 1;

  /** Seed 42, defaults everywhere else. */
  public static final TrainSpec DEFAULT =
      new TrainSpec(VERSION, 42, DataConfig.DEFAULT, ModelConfig.DEFAULT, TrainingConfig.DEFAULT);

  /** Validates the version; sections are validated by their own records. */
  public TrainSpec {
    if (specVersion != VERSION) {
      throw new UserException("specVersion: expected " + VERSION + ", got " + specVersion);
    }
  }

  @JsonCreator
  static TrainSpec fromJson(
      @JsonProperty(value = "specVersion", required = true) int specVersion,
      @JsonProperty("seed") Long seed,
      @JsonProperty("data") DataConfig data,
      @JsonProperty("model") ModelConfig model,
      @JsonProperty("training") TrainingConfig training) {
    return new TrainSpec(
        specVersion,
        seed == null ? DEFAULT.seed : seed,
        data == null ? DEFAULT.data : data,
        model == null ? DEFAULT.model : model,
        training == null ? DEFAULT.training : training);
  }

  /** A copy with another seed. */
  public TrainSpec withSeed(long value) {
    return new TrainSpec(specVersion, value, data, model, training);
  }

  /** A copy with another data section. */
  public TrainSpec withData(DataConfig value) {
    return new TrainSpec(specVersion, seed, value, model, training);
  }

  /** A copy with another model section. */
  public TrainSpec withModel(ModelConfig value) {
    return new TrainSpec(specVersion, seed, data, value, training);
  }

  /**
   * A copy whose model takes the images and classes of {@code data}.
   *
   * @throws UserException if the model's kernel or the training's warps do not fit those images
   */
  public TrainSpec fittedTo(Dataset data) {
    training.checkImages(data.height(), data.width());
    return withModel(model.forData(data.height(), data.width(), data.classes()));
  }

  /** A copy with another training section. */
  public TrainSpec withTraining(TrainingConfig value) {
    return new TrainSpec(specVersion, seed, data, model, value);
  }
}
