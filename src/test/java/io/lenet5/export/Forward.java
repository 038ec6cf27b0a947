package io.lenet5.export;

import io.lenet5.data.Dataset;
import io.lenet5.model.LeNet5;
import io.lenet5.model.ModelConfig;
import io.lenet5.model.WeightSpec;
import io.lenet5.train.Device;
import io.lenet5.train.Trainer;
import io.lenet5.train.TrainingConfig;
import io.lenet5.train.TrainingSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Reference results for export tests: the plain forward pass, and small trained weights. */
final class Forward {
  private Forward() {}

  /** Weights after one epoch on {@code train} (seed 42, batch 100). */
  static Map<String, float[]> trainedWeights(Dataset train, ModelConfig model) {
    TrainingConfig config = TrainingConfig.DEFAULT.withBatchSize(100).withEpochs(1);
    try (TrainingSession session =
        new TrainingSession(model, config, new Device(Device.Kind.CPU, 0))) {
      session.initialize(42);
      new Trainer(config, 42, List.of()).fit(session, train, train.head(100), List.of());
      return session.weights();
    }
  }

  /** The first {@code count} images of {@code data} as model input. */
  static float[] pixels(Dataset data, int count) {
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    float[] pixels = new float[count * data.imagePixels()];
    data.fillBatch(order, 0, count, pixels, new int[count]);
    return pixels;
  }

  /** Softmax of {@link LeNet5#logits} with the weights as constants: what an export must give. */
  static float[] probabilities(
      Map<String, float[]> weights, ModelConfig model, float[] pixels, int count) {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class);
      List<Operand<TFloat32>> constants = new ArrayList<>();
      for (WeightSpec w : new LeNet5(model).weights()) {
        constants.add(
            tf.constant(Shape.of(w.shape()), DataBuffers.of(weights.get(w.name()), true, false)));
      }
      Operand<TFloat32> p = LeNet5.probabilities(tf, new LeNet5(model).logits(tf, x, constants));
      try (TFloat32 in =
              TFloat32.tensorOf(
                  Shape.of(count, model.imageHeight(), model.imageWidth(), 1),
                  DataBuffers.of(pixels, true, false));
          Result result = session.runner().feed(x, in).fetch(p).run()) {
        TFloat32 out = (TFloat32) result.get(0);
        float[] values = new float[count * model.classes()];
        out.copyTo(DataBuffers.of(values, false, false));
        return values;
      }
    }
  }
}
