package io.lenet5.export;

import io.lenet5.UserException;
import io.lenet5.data.Dataset;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

/**
 * Any SavedModel whose {@code serving_default} signature maps one float32 [-1, H, W, 1] input of
 * gray images to one float32 [-1, N] output of class probabilities: ours, or one exported by Keras.
 * Unless trusted, the model is refused before it loads if it uses ops outside {@link OpAllowList}
 * or exceeds {@link GraphLimits}; every run, loading included, has the time limit of its {@link
 * TrustOptions}.
 */
public final class SavedModelClassifier implements AutoCloseable {
  private static final String KEY = Signature.DEFAULT_KEY;

  /** What TensorFlow's error says when a run passes {@code timeout_in_ms}. */
  private static final String TIMED_OUT = "Timed out";

  /**
   * Where the signature names the input or output ({@code name}), its graph tensor and its shape.
   */
  private record Endpoint(String name, String tensor, Shape shape) {}

  /** In an expected shape: a size the signature must fix, whatever it is. */
  private static final long FIXED = -2;

  private static final long MOST_FIXED = 65_536;

  private final Path dir;
  private final SavedModelBundle bundle;
  private final TrustOptions options;
  private final Endpoint input;
  private final Endpoint output;

  private SavedModelClassifier(
      Path dir, SavedModelBundle bundle, TrustOptions options, Endpoint input, Endpoint output) {
    this.dir = dir;
    this.bundle = bundle;
    this.options = options;
    this.input = input;
    this.output = output;
  }

  /**
   * Opens the SavedModel in {@code dir} with the op check and the default time limit.
   *
   * @see #open(Path, TrustOptions)
   */
  public static SavedModelClassifier open(Path dir) {
    return open(dir, TrustOptions.DEFAULT);
  }

  /**
   * Checks the SavedModel in {@code dir} (its files, its signature, and unless trusted its ops),
   * loads it (tag {@code serve}) and checks that its weights are finite.
   *
   * @throws UserException if {@code dir} is missing, is not a SavedModel, uses ops outside {@link
   *     OpAllowList} or exceeds {@link GraphLimits}, cannot be loaded in time, has no {@code
   *     serving_default} signature of the expected form (its tensors float32 in the graph too), or
   *     has non-finite weights
   */
  public static SavedModelClassifier open(Path dir, TrustOptions options) {
    return inspect(dir, options).load();
  }

  /**
   * The checks of {@link #open} that read only files (its files, its signature, and unless trusted
   * its ops), without TensorFlow's native code; {@link Inspected#load} does the rest.
   */
  public static Inspected inspect(Path dir, TrustOptions options) {
    MetaGraphDef graph = SavedModelFile.read(dir);
    SignatureDef signature = servingSignature(dir, graph);
    Endpoint input =
        single(
            dir, "input", signature.getInputsMap(), Shape.of(-1, FIXED, FIXED, 1), "(-1, H, W, 1)");
    Endpoint output =
        single(dir, "output", signature.getOutputsMap(), Shape.of(-1, FIXED), "(-1, N)");
    if (!options.trustModel()) {
      OpAllowList.check(dir, graph);
    }
    return new Inspected(dir, options, graph, input, output);
  }

  /** A SavedModel whose files passed {@link #inspect}, ready to load. */
  public static final class Inspected {
    private final Path dir;
    private final TrustOptions options;
    private final MetaGraphDef graph;
    private final Endpoint input;
    private final Endpoint output;

    private Inspected(
        Path dir, TrustOptions options, MetaGraphDef graph, Endpoint input, Endpoint output) {
      this.dir = dir;
      this.options = options;
      this.graph = graph;
      this.input = input;
      this.output = output;
    }

    /** The height of the images the signature takes. */
    public int imageHeight() {
      return (int) input.shape().get(1);
    }

    /** The width of the images the signature takes. */
    public int imageWidth() {
      return (int) input.shape().get(2);
    }

    /** The number of classes the signature gives probabilities of. */
    public int classes() {
      return (int) output.shape().get(1);
    }

    /**
     * Refuses a data set whose images or classes differ from the signature's.
     *
     * @throws UserException naming both shapes
     */
    public void requireFits(Dataset data, String what) {
      if (data.height() != imageHeight()
          || data.width() != imageWidth()
          || data.classes() != classes()) {
        throw new UserException(
            "%s: the model takes %dx%d images of %d classes, %s has %s"
                .formatted(dir, imageHeight(), imageWidth(), classes(), what, data.describe()));
      }
    }

    /**
     * Loads the model and checks that the signature's tensors are float32 in its graph and that its
     * weights are finite.
     */
    public SavedModelClassifier load() {
      RunOptions run = options.runOptions();
      SavedModelBundle bundle;
      try {
        bundle = SavedModelBundle.loader(dir.toString()).withRunOptions(run).load();
      } catch (TensorFlowException | IllegalArgumentException e) {
        throw failure(dir, "cannot load the SavedModel", e, options);
      }
      try {
        checkType(dir, bundle.graph(), "input", input);
        checkType(dir, bundle.graph(), "output", output);
        FiniteWeights.check(dir, bundle, graph, output.tensor(), run);
        return new SavedModelClassifier(dir, bundle, options, input, output);
      } catch (RuntimeException e) {
        bundle.close();
        throw e;
      }
    }
  }

  /**
   * The signature's dtypes are only claims: a run returns what the graph computes, and an int32
   * tensor taken for float32 fails with a ClassCastException. The loaded graph knows each output's
   * type, whatever op makes it (a call of a function included).
   */
  private static void checkType(Path dir, Graph graph, String what, Endpoint endpoint) {
    String tensor = endpoint.tensor();
    int colon = tensor.lastIndexOf(':');
    String name = colon < 0 ? tensor : tensor.substring(0, colon);
    int index = colon < 0 ? 0 : outputIndex(tensor.substring(colon + 1));
    GraphOperation op = graph.operation(name);
    String field = "%s: signature '%s' %s '%s'".formatted(dir, KEY, what, endpoint.name());
    if (op == null || index < 0 || index >= op.numOutputs()) {
      throw new UserException(
          "%s: expected a tensor of the graph, got '%s', which it lacks"
              .formatted(field, UserException.shown(tensor)));
    }
    DataType type = op.output(index).dataType();
    if (type != DataType.DT_FLOAT) {
      throw new UserException(
          "%s: expected its graph tensor '%s' to be float32 as the signature declares, got %s"
              .formatted(field, tensor, dtype(type)));
    }
  }

  private static int outputIndex(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The one-line error for a failed load or call; a run that hit the time limit says so. */
  private static UserException failure(
      Path dir, String what, RuntimeException e, TrustOptions options) {
    String message = SavedModelFile.firstLine(e.getMessage());
    if (message.contains(TIMED_OUT)) {
      return new UserException(
          "%s: %s: stopped after the time limit of %d s (--timeout-seconds)"
              .formatted(dir, what, options.timeout().toSeconds()),
          e);
    }
    return new UserException(dir + ": " + what + ": " + message, e);
  }

  private static SignatureDef servingSignature(Path dir, MetaGraphDef graph) {
    SignatureDef signature = graph.getSignatureDefMap().get(KEY);
    if (signature == null) {
      String found =
          graph.getSignatureDefMap().keySet().stream()
              .filter(k -> !k.equals(SavedModelFile.INIT_SIGNATURE))
              .sorted()
              .collect(Collectors.joining(", "));
      throw new UserException("%s: no '%s' signature (found: %s)".formatted(dir, KEY, found));
    }
    return signature;
  }

  /** The one input or output, after checking its type and shape. */
  private static Endpoint single(
      Path dir, String what, Map<String, TensorInfo> tensors, Shape expected, String form) {
    String wanted = "one float32 " + what + " of shape " + form;
    if (tensors.size() != 1) {
      throw new UserException(
          "%s: signature '%s' has %ss %s; expected %s"
              .formatted(dir, KEY, what, tensors.keySet().stream().sorted().toList(), wanted));
    }
    Map.Entry<String, TensorInfo> only = tensors.entrySet().iterator().next();
    TensorInfo t = only.getValue();
    Shape shape = shape(t.getTensorShape());
    if (t.getDtype() != DataType.DT_FLOAT || t.getName().isEmpty() || !matches(shape, expected)) {
      throw new UserException(
          "%s: signature '%s' %s '%s' is %s of shape %s; expected %s"
              .formatted(
                  dir, KEY, what, only.getKey(), dtype(t.getDtype()), describe(shape), wanted));
    }
    return new Endpoint(only.getKey(), t.getName(), shape);
  }

  private static Shape shape(TensorShapeProto proto) {
    return proto.getUnknownRank()
        ? Shape.unknown()
        : Shape.of(proto.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray());
  }

  /**
   * Same rank, and equal sizes except where {@code expected} says -1 (any) or {@link #FIXED} (any
   * fixed size up to {@value #MOST_FIXED}, so that a batch's sizes multiply without overflow).
   */
  private static boolean matches(Shape shape, Shape expected) {
    if (shape.isUnknown() || shape.numDimensions() != expected.numDimensions()) {
      return false;
    }
    for (int i = 0; i < expected.numDimensions(); i++) {
      long size = shape.get(i);
      boolean ok =
          expected.get(i) == -1
              || (expected.get(i) == FIXED
                  ? size >= 1 && size <= MOST_FIXED
                  : size == expected.get(i));
      if (!ok) {
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

  /** Name of the signature's input. */
  public String inputName() {
    return input.name();
  }

  /** Name of the signature's output. */
  public String outputName() {
    return output.name();
  }

  /**
   * Probabilities of the classes for {@code count} images.
   *
   * @param pixels at least {@code count * h * w} floats, image after image, row-major, in [0, 1]
   * @return {@code count * classes} floats, image after image
   * @throws UserException if the model fails or runs past the time limit
   */
  public float[] probabilities(float[] pixels, int count) {
    try (TFloat32 x =
            TFloat32.tensorOf(
                Shape.of(count, imageHeight(), imageWidth(), 1),
                DataBuffers.of(pixels, true, false)
                    .narrow((long) count * imageHeight() * imageWidth()));
        Result result = run(x)) {
      TFloat32 y = (TFloat32) result.get(0);
      if (!y.shape().equals(Shape.of(count, classes()))) {
        throw new UserException(
            "signature output '%s': expected shape (%d, %d) for %d images, got %s"
                .formatted(output.name(), count, classes(), count, describe(y.shape())));
      }
      float[] values = new float[count * classes()];
      y.copyTo(DataBuffers.of(values, false, false));
      return values;
    }
  }

  private Result run(TFloat32 x) {
    try {
      return bundle
          .session()
          .runner()
          .feed(input.tensor(), x)
          .fetch(output.tensor())
          .setOptions(options.runOptions())
          .run();
    } catch (TensorFlowException | IllegalArgumentException e) {
      throw failure(dir, "the model failed", e, options);
    }
  }

  /** The height of the images the model takes. */
  public int imageHeight() {
    return (int) input.shape().get(1);
  }

  /** The width of the images the model takes. */
  public int imageWidth() {
    return (int) input.shape().get(2);
  }

  /** The number of classes the model gives probabilities of. */
  public int classes() {
    return (int) output.shape().get(1);
  }

  /**
   * The most probable class of image {@code image} in {@code probabilities} ({@code classes} per
   * image); the lower on ties.
   */
  public static int best(float[] probabilities, int image, int classes) {
    int offset = image * classes;
    int best = 0;
    for (int c = 1; c < classes; c++) {
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
