package io.lenet5.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lenet5.model.Layer;
import io.lenet5.model.LeNet5;
import io.lenet5.model.ModelConfig;
import io.lenet5.model.Pooling;

/**
 * The {@code config.json} of a Keras 3 {@code .keras} archive for LeNet-5: a {@code Sequential}
 * whose layers, names and settings are those Keras itself writes for the same model (checked
 * against a file saved by Keras 3.15), so that {@code keras.saving.load_model} rebuilds it.
 *
 * <p>No {@code compile_config} is written: the archive carries no optimizer state, and a compiled
 * model would warn on load that its optimizer variables are missing. Call {@code compile()} before
 * fine-tuning.
 */
final class KerasModelConfig {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private KerasModelConfig() {}

  /** The Sequential model for {@code model}. */
  static ObjectNode sequential(ModelConfig model) {
    String activation = model.activation().kerasName();
    LeNet5 net = new LeNet5(model);
    ArrayNode layers = JSON.arrayNode();
    layers.add(inputLayer(net));
    int last = net.layers().size() - 1;
    for (int i = 0; i <= last; i++) {
      Layer layer = net.layers().get(i);
      int[] in = net.inputShape(i);
      if (layer instanceof Layer.Conv c) {
        layers.add(conv(c, activation, shape(in)));
      } else if (layer instanceof Layer.Pool p) {
        layers.add(pooling(model.pooling(), p.index()));
      } else if (layer instanceof Layer.Flatten f) {
        layers.add(
            layer("Flatten", common(f.name()).put("data_format", "channels_last"), shape(in)));
      } else if (layer instanceof Layer.Dense d) {
        layers.add(dense(d, i == last ? "softmax" : activation, in[0]));
      } else if (layer instanceof Layer.Dropout d) {
        layers.add(dropout(d, in[0]));
      }
    }

    ObjectNode config = JSON.objectNode().put("name", "sequential").put("trainable", true);
    config.set("dtype", dtypePolicy());
    config.set("layers", layers);
    config.set("build_input_shape", shape(net.imageHeight(), net.imageWidth(), 1));
    ObjectNode root = JSON.objectNode().put("module", "keras").put("class_name", "Sequential");
    root.set("config", config);
    root.putNull("registered_name");
    root.set("build_config", buildConfig(shape(net.imageHeight(), net.imageWidth(), 1)));
    return root;
  }

  private static ObjectNode inputLayer(LeNet5 net) {
    ObjectNode config = JSON.objectNode();
    config.set("batch_shape", shape(net.imageHeight(), net.imageWidth(), 1));
    config.put("dtype", "float32").put("sparse", false).put("ragged", false);
    config.put("name", "input_layer").put("optional", false);
    return layer("InputLayer", config, null);
  }

  private static ObjectNode conv(Layer.Conv conv, String activation, ArrayNode inputShape) {
    ObjectNode config = common(conv.name()).put("filters", conv.filters());
    config.set("kernel_size", ints(conv.window(), conv.window()));
    config.set("strides", ints(1, 1));
    config.put("padding", conv.padding()).put("data_format", "channels_last");
    config.set("dilation_rate", ints(1, 1));
    config.put("groups", 1).put("activation", activation).put("use_bias", true);
    initializersAndConstraints(config);
    config.putNull("activity_regularizer");
    return layer("Conv2D", config, inputShape);
  }

  private static ObjectNode pooling(Pooling pooling, int index) {
    ObjectNode config = common(pooling.kerasLayerName(index));
    config.set("pool_size", ints(2, 2));
    config.put("padding", "valid");
    config.set("strides", ints(2, 2));
    config.put("data_format", "channels_last");
    return layer(pooling.kerasClassName(), config, null);
  }

  private static ObjectNode dense(Layer.Dense dense, String activation, int inputs) {
    ObjectNode config = common(dense.name()).put("units", dense.units());
    config.put("activation", activation).put("use_bias", true);
    initializersAndConstraints(config);
    config.putNull("quantization_config");
    return layer("Dense", config, shape(inputs));
  }

  private static ObjectNode dropout(Layer.Dropout dropout, int inputs) {
    ObjectNode config = common(dropout.name()).put("rate", dropout.rate());
    config.putNull("seed").putNull("noise_shape");
    return layer("Dropout", config, shape(inputs));
  }

  /** Keras' defaults for a fresh layer: Glorot-uniform kernels, zero biases, nothing else. */
  private static void initializersAndConstraints(ObjectNode config) {
    ObjectNode glorot =
        JSON.objectNode().putNull("seed").putNull("input_axes").putNull("output_axes");
    config.set("kernel_initializer", serialized("keras.initializers", "GlorotUniform", glorot));
    config.set("bias_initializer", serialized("keras.initializers", "Zeros", JSON.objectNode()));
    config.putNull("kernel_regularizer").putNull("bias_regularizer");
    config.putNull("kernel_constraint").putNull("bias_constraint");
  }

  private static ObjectNode common(String name) {
    ObjectNode config = JSON.objectNode().put("name", name).put("trainable", true);
    config.set("dtype", dtypePolicy());
    return config;
  }

  private static ObjectNode layer(String className, ObjectNode config, ArrayNode inputShape) {
    ObjectNode layer = serialized("keras.layers", className, config);
    if (inputShape != null) {
      layer.set("build_config", buildConfig(inputShape));
    }
    return layer;
  }

  private static ObjectNode serialized(String module, String className, ObjectNode config) {
    ObjectNode node = JSON.objectNode().put("module", module).put("class_name", className);
    node.set("config", config);
    node.putNull("registered_name");
    return node;
  }

  private static ObjectNode dtypePolicy() {
    return serialized("keras", "DTypePolicy", JSON.objectNode().put("name", "float32"));
  }

  private static ObjectNode buildConfig(ArrayNode inputShape) {
    ObjectNode build = JSON.objectNode();
    build.set("input_shape", inputShape);
    return build;
  }

  /** A batch shape: null (any batch size) followed by {@code dims}. */
  private static ArrayNode shape(int... dims) {
    ArrayNode shape = JSON.arrayNode().addNull();
    for (int d : dims) {
      shape.add(d);
    }
    return shape;
  }

  private static ArrayNode ints(int... values) {
    ArrayNode array = JSON.arrayNode();
    for (int v : values) {
      array.add(v);
    }
    return array;
  }
}
