package io.lenet5.export;

import io.lenet5.UserException;
import io.lenet5.data.Dataset;
import io.lenet5.model.LeNet5;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Signature.TensorDescription;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * Any SavedModel whose {@code serving_default} signature maps one float32 [-1, 28, 28, 1] input to
 * one float32 [-1, 10] output of digit probabilities: ours, or one exported by Keras.
 */
public final class SavedModelClassifier implements AutoCloseable {
  private final SavedModelBundle bundle;
  private final SessionFunction function;
  private final String input;
  private final String output;

  private SavedModelClassifier(
      SavedModelBundle bundle, SessionFunction function, String input, String output) {
    this.bundle = bundle;
    this.function = function;
    this.input = input;
    this.output = output;
  }

  /**
   * Loads the SavedModel in {@code dir} (tag {@code serve}) and checks its signature.
   *
   * @throws UserException if {@code dir} is missing, is not a SavedModel, cannot be loaded, or has
   *     no {@code serving_default} signature of the expected form
   */
  public static SavedModelClassifier open(Path dir) {
    if (!Files.isDirectory(dir)) {
      String found = Files.exists(dir) ? "a file" : "nothing";
      throw new UserException(dir + ": expected a SavedModel folder, found " + found);
    }
    if (!Files.exists(dir.resolve("saved_model.pb"))
        && !Files.exists(dir.resolve("saved_model.pbtxt"))) {
      throw new UserException(dir + ": not a SavedModel (expected saved_model.pb in it)");
    }
    SavedModelBundle bundle;
    try {
      bundle = SavedModelBundle.load(dir.toString());
    } catch (TensorFlowException | IllegalArgumentException e) {
      throw new UserException(
          dir + ": cannot load the SavedModel: " + firstLine(e.getMessage()), e);
    }
    try {
      return checked(dir, bundle);
    } catch (RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  private static SavedModelClassifier checked(Path dir, SavedModelBundle bundle) {
    String key = Signature.DEFAULT_KEY;
    SessionFunction function =
        bundle.functions().stream()
            .filter(f -> f.signature().key().equals(key))
            .findFirst()
            .orElseThrow(
                () ->
                    new UserException(
                        "%s: no '%s' signature (found: %s)".formatted(dir, key, keys(bundle))));
    String input =
        single(dir, key, "input", function.signature().getInputs(), SavedModelWriter.INPUT_SHAPE);
    String output =
        single(dir, key, "output", function.signature().getOutputs(), Shape.of(-1, LeNet5.CLASSES));
    return new SavedModelClassifier(bundle, function, input, output);
  }

  private static String keys(SavedModelBundle bundle) {
    return bundle.signatures().stream()
        .map(Signature::key)
        .sorted()
        .collect(Collectors.joining(", "));
  }

  /** The name of the one input or output, after checking its type and shape. */
  private static String single(
      Path dir, String key, String what, Map<String, TensorDescription> tensors, Shape expected) {
    String wanted = "one float32 " + what + " of shape " + describe(expected);
    if (tensors.size() != 1) {
      throw new UserException(
          "%s: signature '%s' has %ss %s; expected %s"
              .formatted(dir, key, what, tensors.keySet().stream().sorted().toList(), wanted));
    }
    Map.Entry<String, TensorDescription> only = tensors.entrySet().iterator().next();
    TensorDescription t = only.getValue();
    if (t.dataType != DataType.DT_FLOAT || !matches(t.shape, expected)) {
      throw new UserException(
          "%s: signature '%s' %s '%s' is %s of shape %s; expected %s"
              .formatted(
                  dir, key, what, only.getKey(), dtype(t.dataType), describe(t.shape), wanted));
    }
    return only.getKey();
  }

  /** Same rank, and equal sizes except where {@code expected} says -1 (any). */
  private static boolean matches(Shape shape, Shape expected) {
    if (shape.isUnknown() || shape.numDimensions() != expected.numDimensions()) {
      return false;
    }
    for (int i = 0; i < expected.numDimensions(); i++) {
      if (expected.get(i) != -1 && shape.get(i) != expected.get(i)) {
        return false;
      }
    }
    return true;
  }

  private static String describe(Shape shape) {
    if (shape.isUnknown()) {
      return "unknown";
    }
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < shape.numDimensions(); i++) {
      s.append(i == 0 ? "" : ", ").append(shape.get(i));
    }
    return s.append(')').toString();
  }

  private static String dtype(DataType type) {
    return type == DataType.DT_FLOAT
        ? "float32"
        : type.name().replaceFirst("^DT_", "").toLowerCase(Locale.ROOT);
  }

  private static String firstLine(String message) {
    String m = message == null ? "" : message.strip();
    int newline = m.indexOf('\n');
    return newline < 0 ? m : m.substring(0, newline);
  }

  /** Name of the signature's input tensor. */
  public String inputName() {
    return input;
  }

  /** Name of the signature's output tensor. */
  public String outputName() {
    return output;
  }

  /**
   * Probabilities of the digits for {@code count} images.
   *
   * @param pixels at least {@code count * 784} floats, image after image, row-major, in [0, 1]
   * @return {@code count * 10} floats, image after image
   */
  public float[] probabilities(float[] pixels, int count) {
    try (TFloat32 x =
            TFloat32.tensorOf(
                Shape.of(count, LeNet5.IMAGE_SIZE, LeNet5.IMAGE_SIZE, 1),
                DataBuffers.of(pixels, true, false).narrow((long) count * Dataset.PIXELS));
        Result result = function.call(Map.of(input, x))) {
      TFloat32 y = (TFloat32) result.get(output).orElseThrow();
      if (!y.shape().equals(Shape.of(count, LeNet5.CLASSES))) {
        throw new UserException(
            "signature output '%s': expected shape (%d, 10) for %d images, got %s"
                .formatted(output, count, count, describe(y.shape())));
      }
      float[] values = new float[count * LeNet5.CLASSES];
      y.copyTo(DataBuffers.of(values, false, false));
      return values;
    }
  }

  /** The most probable digit of image {@code image} in {@code probabilities}; the lower on ties. */
  public static int digit(float[] probabilities, int image) {
    int offset = image * LeNet5.CLASSES;
    int best = 0;
    for (int c = 1; c < LeNet5.CLASSES; c++) {
      if (probabilities[offset + c] > probabilities[offset + best]) {
        best = c;
      }
    }
    return best;
  }

  @Override
  public void close() {
    bundle.close();
  }
}
