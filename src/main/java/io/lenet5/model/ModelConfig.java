package io.lenet5.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.lenet5.OmittedAtDefault;
import io.lenet5.Records;
import io.lenet5.UserException;
import io.lenet5.data.Dataset;
import java.util.Objects;

/**
 * The model hyperparameters of the LeNet-5 family: Conv2D(conv1Filters, k, same) → pool →
 * Conv2D(conv2Filters, k, valid) → pool → flatten → Dense(dense1Units) → Dense(dense2Units) →
 * Dense(classes), with an optional dropout before each hidden dense layer. Every default is
 * LeNet-5's on MNIST. The input size and class count come from the data set: commands set them from
 * the data they load, so that a spec need not name them.
 *
 * @param dropout the rate of a Keras {@code Dropout} before each hidden dense layer, in training
 *     only (0 for none)
 */
public record ModelConfig(
    @JsonPropertyDescription("activation of the hidden layers") Activation activation,
    @JsonPropertyDescription("pooling after each convolution") Pooling pooling,
    @JsonPropertyDescription("filters of the first convolution") @OmittedAtDefault int conv1Filters,
    @JsonPropertyDescription("filters of the second convolution") @OmittedAtDefault
        int conv2Filters,
    @JsonPropertyDescription("side of both convolutions' square kernels") @OmittedAtDefault
        int kernelSize,
    @JsonPropertyDescription("units of the first hidden dense layer") @OmittedAtDefault
        int dense1Units,
    @JsonPropertyDescription("units of the second hidden dense layer") @OmittedAtDefault
        int dense2Units,
    @JsonPropertyDescription("dropout rate before each hidden dense layer, in training only")
        @OmittedAtDefault
        double dropout,
    @JsonPropertyDescription("height of the input images, set from the data") @OmittedAtDefault
        int imageHeight,
    @JsonPropertyDescription("width of the input images, set from the data") @OmittedAtDefault
        int imageWidth,
    @JsonPropertyDescription("classes of the output layer, set from the data") @OmittedAtDefault
        int classes) {
  /** Most filters of a convolution: 256 already makes a LeNet-5 with 1.7M weights. */
  public static final int MAX_FILTERS = 256;

  /** Most units of a hidden dense layer. */
  public static final int MAX_UNITS = 4096;

  /**
   * LeNet-5: ReLU with average pooling as in the reference notebook, 6/16 filters of 5x5, 120/84.
   */
  public static final ModelConfig DEFAULT = new ModelConfig(Activation.RELU, Pooling.AVERAGE);

  /** Validates every field; messages name the JSON path, the bounds and the value. */
  public ModelConfig {
    Objects.requireNonNull(activation, "activation");
    Objects.requireNonNull(pooling, "pooling");
    within("model.conv1Filters", conv1Filters, MAX_FILTERS);
    within("model.conv2Filters", conv2Filters, MAX_FILTERS);
    within("model.dense1Units", dense1Units, MAX_UNITS);
    within("model.dense2Units", dense2Units, MAX_UNITS);
    between("model.imageHeight", imageHeight, Dataset.MIN_SIDE, Dataset.MAX_SIDE);
    between("model.imageWidth", imageWidth, Dataset.MIN_SIDE, Dataset.MAX_SIDE);
    between("model.classes", classes, 2, Dataset.MAX_CLASSES);
    int largest = Math.min(imageHeight, imageWidth) / 2 - 1;
    if (kernelSize < 1 || kernelSize > largest) {
      throw new UserException(
          "model.kernelSize: must be in 1.."
              + largest
              + " for "
              + imageHeight
              + "x"
              + imageWidth
              + " images, so that the second convolution's output survives pooling; got "
              + kernelSize);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new UserException("model.dropout: must be in [0, 1), got " + dropout);
    }
  }

  /** LeNet-5's widths with another activation or pooling. */
  public ModelConfig(Activation activation, Pooling pooling) {
    this(activation, pooling, 6, 16, 5, 120, 84, 0);
  }

  /** A member of the family for MNIST's 28x28 images of ten classes. */
  public ModelConfig(
      Activation activation,
      Pooling pooling,
      int conv1Filters,
      int conv2Filters,
      int kernelSize,
      int dense1Units,
      int dense2Units,
      double dropout) {
    this(
        activation,
        pooling,
        conv1Filters,
        conv2Filters,
        kernelSize,
        dense1Units,
        dense2Units,
        dropout,
        Dataset.MNIST_SIDE,
        Dataset.MNIST_SIDE,
        Dataset.MNIST_CLASSES);
  }

  private static void within(String path, int value, int most) {
    between(path, value, 1, most);
  }

  private static void between(String path, int value, int least, int most) {
    if (value < least || value > most) {
      throw new UserException(path + ": must be in " + least + ".." + most + ", got " + value);
    }
  }

  /**
   * This config for images of {@code height x width} and {@code classes} classes, as a data set has
   * them.
   *
   * @throws UserException if the kernel does not fit such images
   */
  public ModelConfig forData(int height, int width, int classes) {
    return new ModelConfig(
        activation,
        pooling,
        conv1Filters,
        conv2Filters,
        kernelSize,
        dense1Units,
        dense2Units,
        dropout,
        height,
        width,
        classes);
  }

  /** Whether this config's input and output fit {@code data}: same image size and class count. */
  public boolean fits(Dataset data) {
    return data.height() == imageHeight && data.width() == imageWidth && data.classes() == classes;
  }

  /** "28x28, 10 classes", for messages. */
  public String describeShape() {
    return imageHeight + "x" + imageWidth + ", " + classes + " classes";
  }

  /** A copy with one field replaced, validated like any other. */
  public ModelConfig with(String field, Object value) {
    return Records.with(this, field, value);
  }

  @JsonCreator
  static ModelConfig fromJson(
      @JsonProperty("activation") Activation activation,
      @JsonProperty("pooling") Pooling pooling,
      @JsonProperty("conv1Filters") Integer conv1Filters,
      @JsonProperty("conv2Filters") Integer conv2Filters,
      @JsonProperty("kernelSize") Integer kernelSize,
      @JsonProperty("dense1Units") Integer dense1Units,
      @JsonProperty("dense2Units") Integer dense2Units,
      @JsonProperty("dropout") Double dropout,
      @JsonProperty("imageHeight") Integer imageHeight,
      @JsonProperty("imageWidth") Integer imageWidth,
      @JsonProperty("classes") Integer classes) {
    return new ModelConfig(
        activation == null ? DEFAULT.activation : activation,
        pooling == null ? DEFAULT.pooling : pooling,
        conv1Filters == null ? DEFAULT.conv1Filters : conv1Filters,
        conv2Filters == null ? DEFAULT.conv2Filters : conv2Filters,
        kernelSize == null ? DEFAULT.kernelSize : kernelSize,
        dense1Units == null ? DEFAULT.dense1Units : dense1Units,
        dense2Units == null ? DEFAULT.dense2Units : dense2Units,
        dropout == null ? DEFAULT.dropout : dropout,
        imageHeight == null ? DEFAULT.imageHeight : imageHeight,
        imageWidth == null ? DEFAULT.imageWidth : imageWidth,
        classes == null ? DEFAULT.classes : classes);
  }
}
