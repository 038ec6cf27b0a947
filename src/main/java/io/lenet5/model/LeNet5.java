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
import org.tensorflow.types.TInt64;

/**
 * A member of the LeNet-5 family for gray images, as its {@link ModelConfig} sets it: by default,
 * for MNIST's 28x28 digits, Conv2D(6, 5x5, same) → pool → Conv2D(16, 5x5, valid) → pool →
 * flatten(400) → Dense(120) → Dense(84) → Dense(10), as the table {@link #layers} lists it.
 * Everything about the architecture (weights, shapes, the Keras config, the FLOP count) derives
 * from that table.
 *
 * <p>The forward pass takes its weights as operands, so the same code builds the training graph
 * (variables) and the export graph (constants or variables of a SavedModel). Weight names and
 * layouts are the Keras ones, so export needs no renaming.
 */
public final class LeNet5 {
  /** The strict LeNet-5 of {@link ModelConfig#DEFAULT}. */
  public static final LeNet5 STRICT = new LeNet5(ModelConfig.DEFAULT);

  private final ModelConfig config;
  private final List<Layer> layers;
  private final List<WeightSpec> weights;

  private static final List<Long> UNIT_STRIDES = List.of(1L, 1L, 1L, 1L);

  /** The network {@code config} describes. */
  public LeNet5(ModelConfig config) {
    this.config = config;
    this.layers = layerTable(config);
    this.weights = weightSpecs();
  }

  /** The config this network was built from. */
  public ModelConfig config() {
    return config;
  }

  /** The layers in forward order, dropout included where the config has it. */
  public List<Layer> layers() {
    return layers;
  }

  /** The trainable tensors in forward order, with Keras names and layouts. */
  public List<WeightSpec> weights() {
    return weights;
  }

  /** Input image height in pixels. */
  public int imageHeight() {
    return config.imageHeight();
  }

  /** Input image width in pixels. */
  public int imageWidth() {
    return config.imageWidth();
  }

  /** Pixels of one input image. */
  public int imagePixels() {
    return config.imageHeight() * config.imageWidth();
  }

  /** Number of classes: the width of the output layer. */
  public int classes() {
    return config.classes();
  }

  /** The per-image input shape of layer {@code index} of {@link #layers}: [h, w, 1] for 0. */
  public int[] inputShape(int index) {
    int[] shape = {config.imageHeight(), config.imageWidth(), 1};
    for (int i = 0; i < index; i++) {
      shape = layers.get(i).outputShape(shape);
    }
    return shape;
  }

  /** Total number of trainable scalars (61,706 for the strict LeNet-5). */
  public int parameterCount() {
    return weights.stream().mapToInt(WeightSpec::size).sum();
  }

  /**
   * Builds the inference forward pass and returns the logits [batch, classes].
   *
   * @param images NHWC float32 [batch, h, w, 1] with pixels in [0, 1]
   * @param weights operands in {@link #weights} order
   */
  public Operand<TFloat32> logits(
      Ops tf, Operand<TFloat32> images, List<? extends Operand<TFloat32>> weights) {
    return logits(tf, images, weights, 1, null);
  }

  /**
   * Builds the forward pass with the batch split into {@code groups} tied groups: group j (images
   * j*n to j*n+n-1 of a batch of g*n) becomes input channel j, and each convolution runs once as a
   * grouped convolution whose filter is its kernel repeated g times; before the flatten the images
   * return to batch order. It is the same function of the same weights (autodiff sums the repeated
   * kernels' gradients), but oneDNN picks much faster kernels for grouped convolutions than for
   * LeNet-5's narrow ones. The batch must be a multiple of {@code groups}; with 1 this is the
   * ordinary graph.
   *
   * @param dropoutSeed the seed of the training graph's dropout masks, a stateless random op's pair
   *     of int64; null for inference, which has no dropout
   */
  public Operand<TFloat32> logits(
      Ops tf,
      Operand<TFloat32> images,
      List<? extends Operand<TFloat32>> weights,
      int groups,
      Operand<TInt64> dropoutSeed) {
    if (weights.size() != this.weights.size()) {
      throw new IllegalArgumentException(
          "weights: expected " + this.weights.size() + " operands, got " + weights.size());
    }
    if (groups < 1) {
      throw new IllegalArgumentException("groups: expected >= 1, got " + groups);
    }
    Activation act = config.activation();
    Operand<TFloat32> x =
        groups == 1 ? images : toGroups(tf.withSubScope("groups"), images, groups, inputShape(0));
    int w = 0;
    int lastLayer = layers.size() - 1;
    for (int i = 0; i <= lastLayer; i++) {
      Layer layer = layers.get(i);
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
        if (i < lastLayer) {
          x = act.apply(tf, x);
        }
      } else if (layer instanceof Layer.Dropout d && dropoutSeed != null) {
        x = dropout(tf.withSubScope(d.name()), x, d.rate(), dropoutSeed);
      }
    }
    return x;
  }

  /**
   * Keras' inverted dropout: zeroes each unit with probability {@code rate} and scales the rest by
   * 1 / (1 - rate). The mask comes from a stateless random op, so that the seed fed each step fixes
   * it and a resumed run draws the masks an uninterrupted one would.
   */
  private static Operand<TFloat32> dropout(
      Ops tf, Operand<TFloat32> x, double rate, Operand<TInt64> seed) {
    Operand<TFloat32> uniform = tf.random.statelessRandomUniform(tf.shape(x), seed, TFloat32.class);
    Operand<TFloat32> keep =
        tf.dtypes.cast(tf.math.greaterEqual(uniform, tf.constant((float) rate)), TFloat32.class);
    return tf.math.mul(x, tf.math.mul(keep, tf.constant((float) (1 / (1 - rate)))));
  }

  /** [g*n, h, w, 1] to [n, h, w, g]: image j*n+i becomes channel j of image i. */
  private static Operand<TFloat32> toGroups(
      Ops tf, Operand<TFloat32> images, int groups, int[] shape) {
    Operand<TFloat32> split =
        tf.reshape(images, tf.constant(new int[] {groups, -1, shape[0], shape[1]}));
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

  /** Softmax probabilities [batch, classes] from logits. */
  public static Operand<TFloat32> probabilities(Ops tf, Operand<TFloat32> logits) {
    return tf.nn.softmax(logits);
  }

  /**
   * Keras' default initialisation: Glorot-uniform kernels (limit sqrt(6 / (fanIn + fanOut))) and
   * zero biases, drawn in Java from {@code seed} so that a seed fixes the weights exactly.
   *
   * @return values keyed by weight name, in {@link #weights} order
   */
  public Map<String, float[]> initialWeights(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, float[]> values = new LinkedHashMap<>();
    for (WeightSpec w : weights) {
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

  /** The weights of each layer that has any, by Keras layer name, both in forward order. */
  public Map<String, List<WeightSpec>> weightsByLayer() {
    Map<String, List<WeightSpec>> byLayer = new LinkedHashMap<>();
    for (WeightSpec w : weights) {
      byLayer.computeIfAbsent(w.layer(), layer -> new ArrayList<>()).add(w);
    }
    return byLayer;
  }

  /** The names of {@link #weights}, in order. */
  public List<String> weightNames() {
    List<String> names = new ArrayList<>();
    weights.forEach(w -> names.add(w.name()));
    return names;
  }

  /** The layer table, with Keras' default names. */
  private static List<Layer> layerTable(ModelConfig config) {
    List<Layer> table = new ArrayList<>();
    table.add(new Layer.Conv("conv2d", config.conv1Filters(), config.kernelSize(), "same"));
    table.add(new Layer.Pool(0));
    table.add(new Layer.Conv("conv2d_1", config.conv2Filters(), config.kernelSize(), "valid"));
    table.add(new Layer.Pool(1));
    table.add(new Layer.Flatten("flatten"));
    if (config.dropout() > 0) {
      table.add(new Layer.Dropout("dropout", config.dropout()));
    }
    table.add(new Layer.Dense("dense", config.dense1Units()));
    if (config.dropout() > 0) {
      table.add(new Layer.Dropout("dropout_1", config.dropout()));
    }
    table.add(new Layer.Dense("dense_1", config.dense2Units()));
    table.add(new Layer.Dense("dense_2", config.classes()));
    return List.copyOf(table);
  }

  /** A kernel and a bias for each convolution and dense layer of {@link #layers}. */
  private List<WeightSpec> weightSpecs() {
    List<WeightSpec> specs = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      int[] in = inputShape(i);
      if (layers.get(i) instanceof Layer.Conv c) {
        long[] kernel = {c.window(), c.window(), in[2], c.filters()};
        specs.add(new WeightSpec(c.name() + "/kernel", kernel, true));
        specs.add(new WeightSpec(c.name() + "/bias", new long[] {c.filters()}, false));
      } else if (layers.get(i) instanceof Layer.Dense d) {
        specs.add(new WeightSpec(d.name() + "/kernel", new long[] {in[0], d.units()}, true));
        specs.add(new WeightSpec(d.name() + "/bias", new long[] {d.units()}, false));
      }
    }
    return List.copyOf(specs);
  }
}
