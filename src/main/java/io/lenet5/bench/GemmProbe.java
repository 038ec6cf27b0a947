package io.lenet5.bench;

import io.lenet5.train.Device;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * What TensorFlow's own float32 matrix product reaches on this machine: a practical ceiling to set
 * beside the theoretical peak, since LeNet-5's small kernels cannot do better than one large GEMM.
 */
final class GemmProbe implements AutoCloseable {
  static final int SIZE = 1024;
  private static final double FLOP = 2.0 * SIZE * SIZE * SIZE;

  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TFloat32> left;
  private final Operand<TFloat32> product;
  private final TFloat32 matrix;

  GemmProbe(Device device) {
    Ops tf = Ops.create(graph);
    Shape shape = Shape.of(SIZE, SIZE);
    left = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
    // Fetching one element keeps the copy out: only the product itself is timed.
    product =
        tf.slice(
            tf.linalg.matMul(left, left),
            tf.constant(new int[] {0, 0}),
            tf.constant(new int[] {1, 1}));
    float[] values = new float[SIZE * SIZE];
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextDouble(-1, 1);
    }
    matrix = TFloat32.tensorOf(shape, DataBuffers.of(values, true, false));
    session = new Session(graph, device.sessionConfig());
  }

  /** GFLOP/s of {@code products} products in a row. */
  double gflops(int products) {
    long start = System.nanoTime();
    for (int i = 0; i < products; i++) {
      session.runner().feed(left, matrix).fetch(product).run().close();
    }
    return products * FLOP / ((System.nanoTime() - start) / 1e9) / 1e9;
  }

  @Override
  public void close() {
    matrix.close();
    session.close();
    graph.close();
  }
}
