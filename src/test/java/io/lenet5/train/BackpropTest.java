package io.lenet5.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.TestData;
import io.lenet5.data.Dataset;
import io.lenet5.model.Activation;
import io.lenet5.model.LeNet5;
import io.lenet5.model.ModelConfig;
import io.lenet5.model.Pooling;
import io.lenet5.model.WeightSpec;
import java.util.ArrayList;
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

/** The hand-split gradient agrees with TensorFlow's autodiff of the whole graph. */
class BackpropTest {
  private static final int BATCH = 64;

  @Test
  void nchwInputGradientMatchesAutodiff() {
    for (ModelConfig model :
        List.of(ModelConfig.DEFAULT, new ModelConfig(Activation.TANH, Pooling.MAX))) {
      List<float[]> autodiff = gradients(model, false);
      List<float[]> split = gradients(model, true);
      for (int w = 0; w < autodiff.size(); w++) {
        float[] expected = autodiff.get(w);
        float[] actual = split.get(w);
        assertEquals(expected.length, actual.length);
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
          scale = Math.max(scale, Math.abs(expected[i]));
          diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
        }
        String name = LeNet5.WEIGHTS.get(w).name() + " (" + model + ")";
        assertTrue(scale > 0, name + " has a zero gradient");
        assertTrue(diff <= 1e-4 * scale, name + ": max difference " + diff + " at scale " + scale);
      }
    }
  }

  private static List<float[]> gradients(ModelConfig model, boolean nchw) {
    Dataset data = TestData.split().train();
    int[] order = new int[BATCH];
    for (int i = 0; i < BATCH; i++) {
      order[i] = i;
    }
    float[] pixels = new float[BATCH * Dataset.PIXELS];
    int[] labels = new int[BATCH];
    data.fillBatch(order, 0, BATCH, pixels, labels);
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Operand<TFloat32> images = tf.constant(Shape.of(BATCH, 28, 28, 1), DataBuffers.of(pixels));
      List<Operand<TFloat32>> weights = new ArrayList<>();
      Map<String, float[]> initial = LeNet5.initialWeights(7);
      for (WeightSpec w : LeNet5.WEIGHTS) {
        float[] values = initial.get(w.name());
        if (!w.isKernel()) {
          for (int i = 0; i < values.length; i++) {
            values[i] = 0.01f * (i % 5); // non-zero biases, so that their gradients are tested
          }
        }
        weights.add(tf.constant(Shape.of(w.shape()), DataBuffers.of(values)));
      }
      LeNet5.Forward forward = LeNet5.forward(tf, images, weights, model);
      Operand<TFloat32> oneHot =
          tf.oneHot(tf.constant(labels), tf.constant(10), tf.constant(1f), tf.constant(0f));
      Operand<TFloat32> loss =
          tf.math.mean(
              tf.nn.softmaxCrossEntropyWithLogits(forward.logits(), oneHot).loss(), tf.constant(0));
      Session.Runner runner = session.runner();
      Backprop.gradients(tf, loss, forward, weights, nchw).forEach(runner::fetch);
      List<float[]> values = new ArrayList<>();
      try (Result r = runner.run()) {
        for (int i = 0; i < r.size(); i++) {
          TFloat32 t = (TFloat32) r.get(i);
          float[] array = new float[(int) t.size()];
          t.copyTo(DataBuffers.of(array, false, false));
          values.add(array);
        }
      }
      return values;
    }
  }
}
