package io.lenet5.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.lenet5.UserException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
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
    for (Activation a : values()) {
      if (a.kerasName().equals(name)) {
        return a;
      }
    }
    throw new UserException(
        "expected one of "
            + Arrays.stream(values()).map(Activation::kerasName).collect(Collectors.joining(", "))
            + ", got '"
            + UserException.shown(name)
            + "'");
  }
}
