package io.lenet5.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * LeNet-5 for 28x28x1 images: Conv2D(6, 5x5, same) → pool → Conv2D(16, 5x5, valid) → pool →
 * flatten(400) → Dense(120) → Dense(84) → Dense(10).
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

  /** The trainable tensors in forward order, with Keras names and layouts. */
  public static final List<WeightSpec> WEIGHTS =
      List.of(
          new WeightSpec("conv2d/kernel", new long[] {5, 5, 1, 6}, true),
          new WeightSpec("conv2d/bias", new long[] {6}, false),
          new WeightSpec("conv2d_1/kernel", new long[] {5, 5, 6, 16}, true),
          new WeightSpec("conv2d_1/bias", new long[] {16}, false),
          new WeightSpec("dense/kernel", new long[] {400, 120}, true),
          new WeightSpec("dense/bias", new long[] {120}, false),
          new WeightSpec("dense_1/kernel", new long[] {120, 84}, true),
          new WeightSpec("dense_1/bias", new long[] {84}, false),
          new WeightSpec("dense_2/kernel", new long[] {84, 10}, true),
          new WeightSpec("dense_2/bias", new long[] {10}, false));

  private static final List<Long> UNIT_STRIDES = List.of(1L, 1L, 1L, 1L);

  private LeNet5() {}

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
    return forward(tf, images, weights, config).logits();
  }

  /**
   * Builds the forward pass as {@link #logits} does (the same ops and names) and also returns the
   * second convolution's input and output, for a training graph that differentiates that layer
   * itself.
   */
  public static Forward forward(
      Ops tf,
      Operand<TFloat32> images,
      List<? extends Operand<TFloat32>> weights,
      ModelConfig config) {
    if (weights.size() != WEIGHTS.size()) {
      throw new IllegalArgumentException(
          "weights: expected " + WEIGHTS.size() + " operands, got " + weights.size());
    }
    Activation act = config.activation();
    Pooling pool = config.pooling();
    Operand<TFloat32> x = images;
    x = act.apply(tf, conv(tf.withSubScope("conv2d"), x, weights.get(0), weights.get(1), "SAME"));
    Operand<TFloat32> conv2Input = pool.apply(tf.withSubScope(pool.kerasLayerName(0)), x);
    Operand<TFloat32> conv2Output =
        conv(tf.withSubScope("conv2d_1"), conv2Input, weights.get(2), weights.get(3), "VALID");
    x = act.apply(tf, conv2Output);
    x = pool.apply(tf.withSubScope(pool.kerasLayerName(1)), x);
    x = tf.withSubScope("flatten").reshape(x, tf.constant(new int[] {-1, 400}));
    x = act.apply(tf, dense(tf.withSubScope("dense"), x, weights.get(4), weights.get(5)));
    x = act.apply(tf, dense(tf.withSubScope("dense_1"), x, weights.get(6), weights.get(7)));
    Operand<TFloat32> logits = dense(tf.withSubScope("dense_2"), x, weights.get(8), weights.get(9));
    return new Forward(logits, conv2Input, conv2Output);
  }

  /**
   * The forward pass's outputs.
   *
   * @param logits [batch, 10]
   * @param conv2Input the pooled first layer, NHWC [batch, 14, 14, 6]
   * @param conv2Output the second convolution plus bias, before activation, [batch, 10, 10, 16]
   */
  public record Forward(
      Operand<TFloat32> logits, Operand<TFloat32> conv2Input, Operand<TFloat32> conv2Output) {}

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

  private static Operand<TFloat32> conv(
      Ops tf,
      Operand<TFloat32> x,
      Operand<TFloat32> kernel,
      Operand<TFloat32> bias,
      String padding) {
    return tf.nn.biasAdd(tf.nn.conv2d(x, kernel, UNIT_STRIDES, padding), bias);
  }

  private static Operand<TFloat32> dense(
      Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel, Operand<TFloat32> bias) {
    return tf.nn.biasAdd(tf.linalg.matMul(x, kernel), bias);
  }
}
