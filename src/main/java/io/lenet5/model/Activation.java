package io.lenet5.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.lenet5.SpecNames;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Activation of the hidden layers (conv and dense); the output layer is always softmax. */
public enum Activation {
  RELU,
  TANH;

  /** Applies this activation to {@code x}. */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    return switch (this) {
      case RELU -> tf.nn.relu(x);
      case TANH -> tf.math.tanh(x);
    };
  }

  /** The Keras name, as written in specs and exported configs. */
  @JsonValue
  public String kerasName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a Keras name such as {@code relu}; the error lists the accepted names. */
  @JsonCreator
  public static Activation parse(String name) {
    return SpecNames.parse(values(), Activation::kerasName, name);
  }
}
