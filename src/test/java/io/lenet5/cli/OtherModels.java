package io.lenet5.cli;

import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** SavedModels that are not 28x28 digit classifiers, for evaluate's error messages. */
final class OtherModels {
  private OtherModels() {}

  /** A model taking flat [-1, 784] images, under signature {@code key}. */
  static Path flatInput(Path dir, String key) throws Exception {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x =
          tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 784)));
      Operand<TFloat32> y = tf.withName("y").math.mul(x, tf.constant(2f));
      SavedModelBundle.exporter(dir.toString())
          .withSession(session)
          .withSignature(Signature.builder().key(key).input("x", x).output("y", y).build())
          .export();
    }
    return dir;
  }
}
