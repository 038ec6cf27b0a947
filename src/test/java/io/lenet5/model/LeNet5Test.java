package io.lenet5.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class LeNet5Test {
  @Test
  void hasTheClassicParameterCount() {
    assertEquals(61_706, LeNet5.STRICT.parameterCount());
  }

  @Test
  void weightsHaveKerasNamesAndLayouts() {
    List<String> described = LeNet5.STRICT.weights().stream().map(WeightSpec::toString).toList();
    assertEquals(
        List.of(
            "conv2d/kernel[5, 5, 1, 6]", "conv2d/bias[6]",
            "conv2d_1/kernel[5, 5, 6, 16]", "conv2d_1/bias[16]",
            "dense/kernel[400, 120]", "dense/bias[120]",
            "dense_1/kernel[120, 84]", "dense_1/bias[84]",
            "dense_2/kernel[84, 10]", "dense_2/bias[10]"),
        described);
  }

  @Test
  void aWiderMemberDerivesItsWeightsAndDropoutLayers() {
    LeNet5 wide =
        new LeNet5(new ModelConfig(Activation.RELU, Pooling.MAX, 12, 16, 3, 200, 84, 0.25));
    assertEquals(
        List.of(
            "conv2d/kernel[3, 3, 1, 12]", "conv2d/bias[12]",
            "conv2d_1/kernel[3, 3, 12, 16]", "conv2d_1/bias[16]",
            "dense/kernel[576, 200]", "dense/bias[200]",
            "dense_1/kernel[200, 84]", "dense_1/bias[84]",
            "dense_2/kernel[84, 10]", "dense_2/bias[10]"),
        wide.weights().stream().map(WeightSpec::toString).toList());
    assertEquals(120 + 1744 + 115_400 + 16_884 + 850, wide.parameterCount());
    assertEquals(
        List.of("dropout", "dropout_1"),
        wide.layers().stream()
            .filter(l -> l instanceof Layer.Dropout)
            .map(l -> ((Layer.Dropout) l).name())
            .toList());
    assertEquals(
        List.of(List.of("conv2d/kernel", "conv2d/bias"), List.of("dense_2/kernel", "dense_2/bias")),
        List.of(
            wide.weightsByLayer().get("conv2d").stream().map(WeightSpec::name).toList(),
            wide.weightsByLayer().get("dense_2").stream().map(WeightSpec::name).toList()));
  }

  @Test
  void impossibleWidthsAreOneLineErrorsNamingTheField() {
    assertEquals(
        "model.conv1Filters: must be in 1..256, got 0",
        assertThrows(
                io.lenet5.UserException.class,
                () -> new ModelConfig(Activation.RELU, Pooling.MAX, 0, 16, 5, 120, 84, 0))
            .getMessage());
    assertEquals(
        "model.dense1Units: must be in 1..4096, got 5000",
        assertThrows(
                io.lenet5.UserException.class,
                () -> new ModelConfig(Activation.RELU, Pooling.MAX, 6, 16, 5, 5000, 84, 0))
            .getMessage());
    assertEquals(
        "model.kernelSize: must be in 1..13 for 28x28 images, so that the second convolution's"
            + " output survives pooling; got 14",
        assertThrows(
                io.lenet5.UserException.class,
                () -> new ModelConfig(Activation.RELU, Pooling.MAX, 6, 16, 14, 120, 84, 0))
            .getMessage());
    assertEquals(
        "model.dropout: must be in [0, 1), got 1.0",
        assertThrows(
                io.lenet5.UserException.class,
                () -> new ModelConfig(Activation.RELU, Pooling.MAX, 6, 16, 5, 120, 84, 1))
            .getMessage());
    // The largest kernel still builds: 14 - 13 + 1 = 2 pixels pool to 1.
    assertEquals(
        "[1, 1, 16]",
        Arrays.toString(
            new LeNet5(new ModelConfig(Activation.RELU, Pooling.MAX, 6, 16, 13, 120, 84, 0))
                .inputShape(4)));
  }

  @Test
  void theLayerTableGivesEachLayersInputShape() {
    List<String> shapes = new ArrayList<>();
    for (int i = 0; i <= LeNet5.STRICT.layers().size(); i++) {
      shapes.add(Arrays.toString(LeNet5.STRICT.inputShape(i)));
    }
    assertEquals(
        List.of(
            "[28, 28, 1]",
            "[28, 28, 6]",
            "[14, 14, 6]",
            "[10, 10, 16]",
            "[5, 5, 16]",
            "[400]",
            "[120]",
            "[84]",
            "[10]"),
        shapes);
  }

  @Test
  void glorotUniformFromSeedWithZeroBiases() {
    Map<String, float[]> a = LeNet5.STRICT.initialWeights(7);
    Map<String, float[]> b = LeNet5.STRICT.initialWeights(7);
    Map<String, float[]> c = LeNet5.STRICT.initialWeights(8);
    for (WeightSpec w : LeNet5.STRICT.weights()) {
      float[] values = a.get(w.name());
      assertEquals(w.size(), values.length, w.name());
      assertArrayEquals(values, b.get(w.name()), "same seed, same values: " + w.name());
      if (w.isKernel()) {
        assertFalse(Arrays.equals(values, c.get(w.name())), "another seed differs: " + w.name());
        double limit = Math.sqrt(6.0 / (w.fanIn() + w.fanOut()));
        double max = 0;
        double sumOfSquares = 0;
        for (float v : values) {
          max = Math.max(max, Math.abs(v));
          sumOfSquares += v * v;
        }
        assertTrue(max <= limit, w.name() + " exceeds the Glorot limit");
        // uniform(-l, l) has variance l^2/3: a loose check that values fill the range
        double variance = sumOfSquares / values.length;
        assertEquals(limit * limit / 3, variance, limit * limit / 3 * 0.35, w.name());
      } else {
        assertArrayEquals(new float[values.length], values, w.name());
      }
    }
  }

  @Test
  void forwardPassGivesOneProbabilityRowPerImage() {
    for (ModelConfig config :
        List.of(ModelConfig.DEFAULT, new ModelConfig(Activation.TANH, Pooling.MAX))) {
      try (Graph graph = new Graph();
          Session session = new Session(graph)) {
        Ops tf = Ops.create(graph);
        List<Operand<TFloat32>> weights = new ArrayList<>();
        LeNet5.STRICT
            .initialWeights(1)
            .forEach(
                (name, v) ->
                    weights.add(tf.constant(Shape.of(spec(name).shape()), DataBuffers.of(v))));
        float[] pixels = new float[3 * 784];
        Arrays.fill(pixels, 0.5f);
        Operand<TFloat32> images = tf.constant(Shape.of(3, 28, 28, 1), DataBuffers.of(pixels));
        Operand<TFloat32> probabilities =
            LeNet5.probabilities(tf, new LeNet5(config).logits(tf, images, weights));
        try (Result result = session.runner().fetch(probabilities).run()) {
          TFloat32 out = (TFloat32) result.get(0);
          assertEquals(Shape.of(3, 10), out.shape());
          for (int row = 0; row < 3; row++) {
            float sum = 0;
            for (int k = 0; k < 10; k++) {
              sum += out.getFloat(row, k);
            }
            assertEquals(1f, sum, 1e-5f, config.toString());
          }
        }
      }
    }
  }

  private static WeightSpec spec(String name) {
    return LeNet5.STRICT.weights().stream()
        .filter(w -> w.name().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
