package io.lenet5.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * The model hyperparameters: the architecture is fixed LeNet-5, only the activation and the pooling
 * kind vary.
 */
public record ModelConfig(
    @JsonPropertyDescription("activation of the hidden layers") Activation activation,
    @JsonPropertyDescription("pooling after each convolution") Pooling pooling) {
  /** ReLU with average pooling, as in the reference notebook. */
  public static final ModelConfig DEFAULT = new ModelConfig(Activation.RELU, Pooling.AVERAGE);

  /** Validates the config; missing values take the defaults when read from JSON. */
  public ModelConfig {
    Objects.requireNonNull(activation, "activation");
    Objects.requireNonNull(pooling, "pooling");
  }

  @JsonCreator
  static ModelConfig fromJson(
      @JsonProperty("activation") Activation activation, @JsonProperty("pooling") Pooling pooling) {
    return new ModelConfig(
        activation == null ? DEFAULT.activation() : activation,
        pooling == null ? DEFAULT.pooling() : pooling);
  }
}
