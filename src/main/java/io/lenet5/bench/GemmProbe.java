package io.lenet5.bench;

import io.lenet5.train.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * One session per core, each running its products in its own thread, as replicas and parallel
 * trials train: TensorFlow sizes its CPU kernel pool once per process, from the first session, so a
 * session's own thread count is no measure of what the cores can do.
 */
final class GemmProbe implements AutoCloseable {
  static final int SIZE = 1024;
  private static final double FLOP = 2.0 * SIZE * SIZE * SIZE;

  private final Graph graph = new Graph();
  private final List<Session> sessions = new ArrayList<>();
  private final ExecutorService threads;
  private final Placeholder<TFloat32> left;
  private final Operand<TFloat32> product;
  private final TFloat32 matrix;

  /** A probe with one session per core of {@code cores}. */
  GemmProbe(int cores) {
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
    Device oneCore = new Device(Device.Kind.CPU, 1, Device.OWN_THREAD);
    for (int i = 0; i < cores; i++) {
      sessions.add(new Session(graph, oneCore.sessionConfig()));
    }
    threads = Executors.newFixedThreadPool(cores);
  }

  /** Aggregate GFLOP/s of {@code products} products in a row in every session at once. */
  double gflops(int products) throws InterruptedException {
    long start = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (Session session : sessions) {
      running.add(
          threads.submit(
              () -> {
                for (int i = 0; i < products; i++) {
                  session.runner().feed(left, matrix).fetch(product).run().close();
                }
              }));
    }
    try {
      for (Future<?> f : running) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("GEMM probe failed", e.getCause());
    }
    return sessions.size() * products * FLOP / ((System.nanoTime() - start) / 1e9) / 1e9;
  }

  @Override
  public void close() {
    threads.shutdownNow();
    matrix.close();
    sessions.forEach(Session::close);
    graph.close();
  }
}
