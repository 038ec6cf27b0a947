package io.lenet5.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Runs each optimizer's graph for a few steps and recomputes its update rule in plain Java. */
class OptimizerTest {
  private static final float[] START = {0.5f, -1.5f, 2f};
  private static final float[][] GRADIENTS = {
    {0.1f, -0.2f, 0.3f}, {1f, 0.5f, -2f}, {-0.3f, 0.0f, 4f}
  };
  private static final float RATE = 0.01f;

  @Test
  void adamMatchesKerasUpdateRule() {
    float[] w = START.clone();
    double[] m = new double[3];
    double[] v = new double[3];
    for (int t = 1; t <= GRADIENTS.length; t++) {
      double b1 = AdamOptimizer.BETA1;
      double b2 = AdamOptimizer.BETA2;
      double rate = RATE * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
      for (int i = 0; i < 3; i++) {
        double g = GRADIENTS[t - 1][i];
        m[i] = b1 * m[i] + (1 - b1) * g;
        v[i] = b2 * v[i] + (1 - b2) * g * g;
        w[i] -= (float) (rate * m[i] / (Math.sqrt(v[i]) + AdamOptimizer.EPSILON));
      }
    }
    assertArrayEquals(w, runInGraph(new AdamOptimizer()), 1e-6f);
  }

  @Test
  void momentumMatchesKerasSgd() {
    float momentum = 0.9f;
    float[] w = START.clone();
    double[] velocity = new double[3];
    for (float[] g : GRADIENTS) {
      for (int i = 0; i < 3; i++) {
        velocity[i] = momentum * velocity[i] - RATE * g[i]; // Keras SGD's form
        w[i] += (float) velocity[i];
      }
    }
    assertArrayEquals(w, runInGraph(new MomentumOptimizer(momentum)), 1e-6f);
  }

  /** Feeds each gradient in turn through a placeholder and returns the final weights. */
  private static float[] runInGraph(Optimizer optimizer) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Variable<TFloat32> w = tf.withName("w").variable(Shape.of(3), TFloat32.class);
      Operand<TFloat32> gradient = tf.withName("g").placeholder(TFloat32.class);
      Op update =
          optimizer.build(
              tf,
              List.of(new StateVariable("w", w, new long[] {3})),
              List.of(gradient),
              tf.constant(RATE));
      List<Op> zero =
          optimizer.slots().stream()
              .map(s -> (Op) tf.assign(s.variable(), tf.zerosLike(s.variable())))
              .toList();
      Op setStart = tf.assign(w, tf.constant(START));
      try (Session session = new Session(graph)) {
        Session.Runner init = session.runner().addTarget(setStart);
        zero.forEach(init::addTarget);
        init.run().close();
        for (float[] g : GRADIENTS) {
          try (TFloat32 value = TFloat32.tensorOf(Shape.of(3), DataBuffers.of(g))) {
            session.runner().feed(gradient, value).addTarget(update).run().close();
          }
        }
        try (Result r = session.runner().fetch(w).run()) {
          float[] out = new float[3];
          ((TFloat32) r.get(0)).copyTo(DataBuffers.of(out, false, false));
          return out;
        }
      }
    }
  }
}
