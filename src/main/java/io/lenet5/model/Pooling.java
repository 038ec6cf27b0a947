package io.lenet5.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.lenet5.SpecNames;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Pooling after each convolution: 2x2 windows, stride 2. */
public enum Pooling {
  AVERAGE,
  MAX;

  private static final List<Long> WINDOW = List.of(1L, 2L, 2L, 1L);

  /** Applies 2x2/stride-2 pooling with valid padding to an NHWC tensor. */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    return switch (this) {
      case AVERAGE -> tf.nn.avgPool(x, WINDOW, WINDOW, "VALID");
      case MAX ->
          tf.nn.maxPool(
              x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
    };
  }

  /** The Keras layer name: {@code average} for AveragePooling2D, {@code max} for MaxPooling2D. */
  @JsonValue
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The Keras layer class this pooling exports as. */
  public String kerasClassName() {
    return this == AVERAGE ? "AveragePooling2D" : "MaxPooling2D";
  }

  /**
   * The Keras name of the pooling layer after the {@code index}-th convolution (0-based), as Keras
   * numbers layers of one class: {@code average_pooling2d}, {@code average_pooling2d_1}.
   */
  public String kerasLayerName(int index) {
    String base = this == AVERAGE ? "average_pooling2d" : "max_pooling2d";
    return index == 0 ? base : base + "_" + index;
  }

  /** Parses {@code average} or {@code max}. */
  @JsonCreator
  public static Pooling parse(String name) {
    return SpecNames.parse(values(), Pooling::specName, name);
  }
}
