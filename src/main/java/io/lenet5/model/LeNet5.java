package io.lenet5.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * LeNet-5 for 28x28x1 images: Conv2D(6, 5x5, same) → pool → Conv2D(16, 5x5, valid) → pool →
 * flatten(400) → Dense(120) → Dense(84) → Dense(10), as the table {@link #LAYERS} lists it.
 *
 * <p>The forward pass takes its weights as operands, so the same code builds the training graph
 * (variables) and the export graph (constants or variables of a SavedModel). Weight names and
 * layouts are the Keras ones, so export needs no renaming.
 */
public final class LeNet5 {
  /** Image side in pixels. */
  public static final int IMAGE_SIZE = 28;

  /** Number of classes. */
  public static final int CLASSES = 10;

  /** The layers in forward order; everything else about the architecture derives from it. */
  public static final List<Layer> LAYERS =
      List.of(
          new Layer.Conv("conv2d", 6, 5, "same"),
          new Layer.Pool(0),
          new Layer.Conv("conv2d_1", 16, 5, "valid"),
          new Layer.Pool(1),
          new Layer.Flatten("flatten"),
          new Layer.Dense("dense", 120),
          new Layer.Dense("dense_1", 84),
          new Layer.Dense("dense_2", CLASSES));

  /** The trainable tensors in forward order, with Keras names and layouts. */
  public static final List<WeightSpec> WEIGHTS = weightSpecs();

  private static final List<Long> UNIT_STRIDES = List.of(1L, 1L, 1L, 1L);

  private LeNet5() {}

  /** The per-image input shape of layer {@code index} of {@link #LAYERS}: [28, 28, 1] for 0. */
  public static int[] inputShape(int index) {
    int[] shape = {IMAGE_SIZE, IMAGE_SIZE, 1};
    for (int i = 0; i < index; i++) {
      shape = LAYERS.get(i).outputShape(shape);
    }
    return shape;
  }

  /** Total number of trainable scalars (61,706). */
  public static int parameterCount() {
    return WEIGHTS.stream().mapToInt(WeightSpec::size).sum();
  }

  /**
   * Builds the forward pass and returns the logits [batch, 10].
   *
   * @param images NHWC float32 [batch, 28, 28, 1] with pixels in [0, 1]
   * @param weights operands in {@link #WEIGHTS} order
   */
  public static Operand<TFloat32> logits(
      Ops tf,
      Operand<TFloat32> images,
      List<? extends Operand<TFloat32>> weights,
      ModelConfig config) {
    return logits(tf, images, weights, config, 1);
  }

  /**
   * Builds the forward pass with the batch split into {@code groups} tied groups: group j (images
   * j*n to j*n+n-1 of a batch of g*n) becomes input channel j, and each convolution runs once as a
   * grouped convolution whose filter is its kernel repeated g times; before the flatten the images
   * return to batch order. It is the same function of the same weights (autodiff sums the repeated
   * kernels' gradients), but oneDNN picks much faster kernels for grouped convolutions than for
   * LeNet-5's narrow ones. The batch must be a multiple of {@code groups}; with 1 this is the
   * ordinary graph.
   */
  public static Operand<TFloat32> logits(
      Ops tf,
      Operand<TFloat32> images,
      List<? extends Operand<TFloat32>> weights,
      ModelConfig config,
      int groups) {
    if (weights.size() != WEIGHTS.size()) {
      throw new IllegalArgumentException(
          "weights: expected " + WEIGHTS.size() + " operands, got " + weights.size());
    }
    if (groups < 1) {
      throw new IllegalArgumentException("groups: expected >= 1, got " + groups);
    }
    Activation act = config.activation();
    Operand<TFloat32> x =
        groups == 1 ? images : toGroups(tf.withSubScope("groups"), images, groups);
    int w = 0;
    for (int i = 0; i < LAYERS.size(); i++) {
      Layer layer = LAYERS.get(i);
      if (layer instanceof Layer.Conv c) {
        Operand<TFloat32> kernel = repeat(tf, weights.get(w++), 3, groups);
        Operand<TFloat32> bias = repeat(tf, weights.get(w++), 0, groups);
        Ops scope = tf.withSubScope(c.name());
        x = scope.nn.biasAdd(scope.nn.conv2d(x, kernel, UNIT_STRIDES, c.tfPadding()), bias);
        x = act.apply(tf, x);
      } else if (layer instanceof Layer.Pool p) {
        x = config.pooling().apply(tf.withSubScope(config.pooling().kerasLayerName(p.index())), x);
      } else if (layer instanceof Layer.Flatten f) {
        int[] in = inputShape(i);
        if (groups > 1) {
          x = fromGroups(tf.withSubScope("ungroup"), x, groups, in);
        }
        int size = layer.outputShape(in)[0];
        x = tf.withSubScope(f.name()).reshape(x, tf.constant(new int[] {-1, size}));
      } else if (layer instanceof Layer.Dense d) {
        Ops scope = tf.withSubScope(d.name());
        x = scope.nn.biasAdd(scope.linalg.matMul(x, weights.get(w++)), weights.get(w++));
        if (i < LAYERS.size() - 1) {
          x = act.apply(tf, x);
        }
      }
    }
    return x;
  }

  /** [g*n, h, w, 1] to [n, h, w, g]: image j*n+i becomes channel j of image i. */
  private static Operand<TFloat32> toGroups(Ops tf, Operand<TFloat32> images, int groups) {
    Operand<TFloat32> split =
        tf.reshape(images, tf.constant(new int[] {groups, -1, IMAGE_SIZE, IMAGE_SIZE}));
    return tf.linalg.transpose(split, tf.constant(new int[] {1, 2, 3, 0}));
  }

  /** [n, h, w, g*c] back to [g*n, h, w, c], undoing {@link #toGroups}'s arrangement. */
  private static Operand<TFloat32> fromGroups(
      Ops tf, Operand<TFloat32> x, int groups, int[] shape) {
    int h = shape[0];
    int w = shape[1];
    int c = shape[2];
    Operand<TFloat32> split = tf.reshape(x, tf.constant(new int[] {-1, h, w, groups, c}));
    Operand<TFloat32> batchFirst =
        tf.linalg.transpose(split, tf.constant(new int[] {3, 0, 1, 2, 4}));
    return tf.reshape(batchFirst, tf.constant(new int[] {-1, h, w, c}));
  }

  /** {@code groups} copies of {@code w} concatenated along {@code axis}; {@code w} itself for 1. */
  private static Operand<TFloat32> repeat(Ops tf, Operand<TFloat32> w, int axis, int groups) {
    if (groups == 1) {
      return w;
    }
    return tf.concat(Collections.nCopies(groups, w), tf.constant(axis));
  }

  /** Softmax probabilities [batch, 10] from logits. */
  public static Operand<TFloat32> probabilities(Ops tf, Operand<TFloat32> logits) {
    return tf.nn.softmax(logits);
  }

  /**
   * Keras' default initialisation: Glorot-uniform kernels (limit sqrt(6 / (fanIn + fanOut))) and
   * zero biases, drawn in Java from {@code seed} so that a seed fixes the weights exactly.
   *
   * @return values keyed by weight name, in {@link #WEIGHTS} order
   */
  public static Map<String, float[]> initialWeights(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, float[]> values = new LinkedHashMap<>();
    for (WeightSpec w : WEIGHTS) {
      float[] v = new float[w.size()];
      if (w.isKernel()) {
        double limit = Math.sqrt(6.0 / (w.fanIn() + w.fanOut()));
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) random.nextDouble(-limit, limit);
        }
      }
      values.put(w.name(), v);
    }
    return values;
  }

  /** The names of {@link #WEIGHTS}, in order. */
  public static List<String> weightNames() {
    List<String> names = new ArrayList<>();
    WEIGHTS.forEach(w -> names.add(w.name()));
    return names;
  }

  /** A kernel and a bias for each convolution and dense layer of {@link #LAYERS}. */
  private static List<WeightSpec> weightSpecs() {
    List<WeightSpec> specs = new ArrayList<>();
    for (int i = 0; i < LAYERS.size(); i++) {
      int[] in = inputShape(i);
      if (LAYERS.get(i) instanceof Layer.Conv c) {
        long[] kernel = {c.window(), c.window(), in[2], c.filters()};
        specs.add(new WeightSpec(c.name() + "/kernel", kernel, true));
        specs.add(new WeightSpec(c.name() + "/bias", new long[] {c.filters()}, false));
      } else if (LAYERS.get(i) instanceof Layer.Dense d) {
        specs.add(new WeightSpec(d.name() + "/kernel", new long[] {in[0], d.units()}, true));
        specs.add(new WeightSpec(d.name() + "/bias", new long[] {d.units()}, false));
      }
    }
    return List.copyOf(specs);
  }
}
