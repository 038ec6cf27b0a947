package io.lenet5.model;

import java.util.Locale;

/**
 * One row of LeNet-5's layer table ({@link LeNet5#layers}): what the graph builder, the weight
 * list, the Keras config and the FLOP count all derive the architecture from. Shapes are per image,
 * NHWC without the batch: {@code [height, width, channels]} or {@code [units]}.
 */
public sealed interface Layer {
  /** The shape this layer maps an input of {@code input}'s shape to. */
  int[] outputShape(int[] input);

  /**
   * A square convolution with stride 1 and a bias, followed by the hidden activation.
   *
   * @param name the Keras layer name
   * @param padding {@code same} or {@code valid}, as Keras writes it
   */
  record Conv(String name, int filters, int window, String padding) implements Layer {
    /** Validates the layer. */
    public Conv {
      if (filters < 1 || window < 1 || !(padding.equals("same") || padding.equals("valid"))) {
        throw new IllegalArgumentException(
            name
                + ": expected filters and window >= 1 and padding same or valid, got "
                + filters
                + ", "
                + window
                + ", "
                + padding);
      }
    }

    @Override
    public int[] outputShape(int[] input) {
      int shrink = padding.equals("same") ? 0 : window - 1;
      return new int[] {input[0] - shrink, input[1] - shrink, filters};
    }

    /** The padding as TensorFlow's ops spell it. */
    public String tfPadding() {
      return padding.toUpperCase(Locale.ROOT);
    }
  }

  /**
   * 2x2 pooling with stride 2, of the configured {@link Pooling} kind.
   *
   * @param index its place among the pooling layers, which Keras names by count
   */
  record Pool(int index) implements Layer {
    @Override
    public int[] outputShape(int[] input) {
      return new int[] {input[0] / 2, input[1] / 2, input[2]};
    }
  }

  /** Flattens an image's feature maps in HWC order. */
  record Flatten(String name) implements Layer {
    @Override
    public int[] outputShape(int[] input) {
      return new int[] {input[0] * input[1] * input[2]};
    }
  }

  /**
   * A dense layer with a bias, followed by the hidden activation, or softmax when it is the last.
   */
  record Dense(String name, int units) implements Layer {
    /** Validates the layer. */
    public Dense {
      if (units < 1) {
        throw new IllegalArgumentException(name + ": expected units >= 1, got " + units);
      }
    }

    @Override
    public int[] outputShape(int[] input) {
      return new int[] {units};
    }
  }

  /** Keras' {@code Dropout}: in training only, it zeroes units at {@code rate}. */
  record Dropout(String name, double rate) implements Layer {
    @Override
    public int[] outputShape(int[] input) {
      return input;
    }
  }
}
