package io.lenet5.export;

import io.lenet5.model.LeNet5;
import io.lenet5.model.ModelConfig;
import io.lenet5.model.WeightSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.EagerSession;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Writes LeNet-5 as a TensorFlow SavedModel: a forward-only graph (input placeholder, the ten
 * weight variables, the forward pass and softmax; no optimizer, loss or training ops) with the
 * signatures Keras 3 and TF Serving look for.
 *
 * <p>The variables carry the Keras names ({@code conv2d/kernel}, ...) and are restored from {@code
 * variables/} on load. Both signatures, {@code serving_default} and {@code serve}, map input
 * {@value #INPUT} (float32 [-1, h, w, 1], pixels in [0, 1]; [-1, 28, 28, 1] for MNIST) to output
 * {@value #OUTPUT} (float32 [-1, classes], the classes' probabilities), with method name {@value
 * #METHOD_NAME}.
 */
public final class SavedModelWriter {
  /** Name of the signatures' input, as Keras 3's {@code model.export()} names it. */
  public static final String INPUT = "keras_tensor";

  /** Name of the signatures' output, as Keras 3's {@code model.export()} names it. */
  public static final String OUTPUT = "output_0";

  /** The signature keys: TF Serving's default and Keras 3's endpoint name. */
  public static final List<String> SIGNATURE_KEYS = List.of(Signature.DEFAULT_KEY, "serve");

  /** The method name TF Serving's predict API expects. */
  public static final String METHOD_NAME = "tensorflow/serving/predict";

  private SavedModelWriter() {}

  /**
   * Writes {@code saved_model.pb} and {@code variables/} into {@code dir}, which should be new or
   * empty; {@link ModelExporter} calls this on a staging folder that it renames when complete.
   *
   * @param weights every tensor of the model's {@link LeNet5#weights} by name, checked by the
   *     caller
   */
  static void write(Map<String, float[]> weights, ModelConfig model, Path dir) throws IOException {
    LeNet5 net = new LeNet5(model);
    Path variablesDir = Files.createDirectories(dir.resolve("variables"));
    String prefix = variablesDir.resolve("variables").toString();
    saveCheckpoint(weights, net, prefix);
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> images =
          tf.withName(INPUT)
              .placeholder(
                  TFloat32.class,
                  Placeholder.shape(Shape.of(-1, net.imageHeight(), net.imageWidth(), 1)));
      List<Variable<TFloat32>> variables = new ArrayList<>();
      for (List<WeightSpec> specs : net.weightsByLayer().values()) {
        // One sub-scope per layer for all its weights: a second sub-scope of the same name would be
        // renamed (conv2d_1), and the variable names must be the checkpoint's keys.
        Ops layer = tf.withSubScope(specs.get(0).layer());
        for (WeightSpec w : specs) {
          String name = w.name().substring(w.name().indexOf('/') + 1);
          variables.add(layer.withName(name).variable(Shape.of(w.shape()), TFloat32.class));
        }
      }
      Operand<TFloat32> probabilities =
          LeNet5.probabilities(tf.withName(OUTPUT), net.logits(tf, images, variables));
      try (Session session = new Session(graph)) {
        // Restoring rather than assigning keeps assign ops and their placeholders out of the
        // exported graph; the exporter then saves the same values again under variables/.
        session.restore(prefix);
        SavedModelBundle.Exporter exporter =
            SavedModelBundle.exporter(dir.toString()).withSession(session);
        for (String key : SIGNATURE_KEYS) {
          exporter.withSignature(
              Signature.builder()
                  .key(key)
                  .methodName(METHOD_NAME)
                  .input(INPUT, images)
                  .output(OUTPUT, probabilities)
                  .build());
        }
        exporter.export();
      }
    }
  }

  /**
   * Writes the weights as a TensorFlow checkpoint under their Keras names, which are also the names
   * of the graph's variables, so that the graph's own restore op reads it.
   */
  private static void saveCheckpoint(Map<String, float[]> weights, LeNet5 net, String prefix) {
    String[] names = net.weightNames().toArray(new String[0]);
    String[] slices = new String[names.length];
    Arrays.fill(slices, "");
    try (EagerSession eager = EagerSession.create()) {
      Ops tf = Ops.create(eager);
      List<Operand<?>> tensors = new ArrayList<>();
      for (WeightSpec w : net.weights()) {
        tensors.add(
            tf.constant(Shape.of(w.shape()), DataBuffers.of(weights.get(w.name()), true, false)));
      }
      tf.train.save(
          tf.constant(prefix),
          tf.constant(StdArrays.ndCopyOf(names)),
          tf.constant(StdArrays.ndCopyOf(slices)),
          tensors);
    }
  }
}
