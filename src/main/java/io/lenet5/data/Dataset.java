package io.lenet5.data;

import io.lenet5.UserException;
import java.util.Arrays;

/**
 * Immutable in-memory image set: n gray images of {@code height x width} uint8 pixels (row-major,
 * image after image) and their labels in {@code 0..classes-1}.
 *
 * <p>The constructor keeps the arrays it is given without copying them (MNIST's training images are
 * 47 MB); callers hand them over and must not change them afterwards.
 */
public final class Dataset {
  /** MNIST's image side, the default of every image size. */
  public static final int MNIST_SIDE = 28;

  /** MNIST's ten digits. */
  public static final int MNIST_CLASSES = 10;

  /** Most classes: a label is one unsigned byte. */
  public static final int MAX_CLASSES = 256;

  /** Smallest image side: LeNet-5's two convolutions and poolings need room. */
  public static final int MIN_SIDE = 8;

  /** Largest image side: 256x256 images already make the first convolution 400 times MNIST's. */
  public static final int MAX_SIDE = 256;

  /** {@code SCALE[b & 0xff] == (b & 0xff) / 255f}: a lookup beats a division in the batch loop. */
  private static final float[] SCALE = new float[256];

  static {
    for (int i = 0; i < SCALE.length; i++) {
      SCALE[i] = i / 255f;
    }
  }

  private final byte[] pixels;
  private final byte[] labels;
  private final int height;
  private final int width;
  private final int classes;

  /** An MNIST-shaped set: 28x28 images of ten classes. */
  public Dataset(byte[] pixels, byte[] labels) {
    this(pixels, labels, MNIST_SIDE, MNIST_SIDE, MNIST_CLASSES);
  }

  /**
   * Wraps the arrays without copying them.
   *
   * @param pixels {@code labels.length * height * width} bytes, image after image, each row-major
   * @param labels one label per image, each in {@code 0..classes-1} (unsigned)
   * @throws IllegalArgumentException if a size is outside its bounds, the lengths disagree or a
   *     label is out of range
   */
  public Dataset(byte[] pixels, byte[] labels, int height, int width, int classes) {
    if (height < 1 || width < 1 || classes < 1 || classes > MAX_CLASSES) {
      throw new IllegalArgumentException(
          "shape: expected positive sides and 1.."
              + MAX_CLASSES
              + " classes, got "
              + height
              + "x"
              + width
              + " and "
              + classes);
    }
    long expected = (long) labels.length * height * width;
    if (pixels.length != expected) {
      throw new IllegalArgumentException(
          "pixels: expected "
              + expected
              + " bytes for "
              + labels.length
              + " labels of "
              + height
              + "x"
              + width
              + " but found "
              + pixels.length);
    }
    for (int i = 0; i < labels.length; i++) {
      if ((labels[i] & 0xff) >= classes) {
        throw new IllegalArgumentException(
            "labels: label "
                + (labels[i] & 0xff)
                + " at index "
                + i
                + " is outside 0.."
                + (classes - 1));
      }
    }
    this.pixels = pixels;
    this.labels = labels;
    this.height = height;
    this.width = width;
    this.classes = classes;
  }

  /** Number of images. */
  public int size() {
    return labels.length;
  }

  /** Image height in pixels. */
  public int height() {
    return height;
  }

  /** Image width in pixels. */
  public int width() {
    return width;
  }

  /** Pixels per image. */
  public int imagePixels() {
    return height * width;
  }

  /** Number of classes; labels are below it. */
  public int classes() {
    return classes;
  }

  /** Label ({@code 0..classes-1}) of the image at {@code index}. */
  public int label(int index) {
    return labels[index] & 0xff;
  }

  /** A copy of the pixel bytes, image after image (to ship the set to another JVM). */
  public byte[] pixelBytes() {
    return pixels.clone();
  }

  /** A copy of the labels, one byte per image. */
  public byte[] labelBytes() {
    return labels.clone();
  }

  /** Raw pixel (0..255) at {@code row, col} of the image at {@code index}. */
  public int pixel(int index, int row, int col) {
    return pixels[index * imagePixels() + row * width + col] & 0xff;
  }

  /**
   * Copies the images at {@code order[from..from+count)} into {@code out} ({@code count *
   * imagePixels()} floats, each {@code (pixel & 0xff) / 255f}) and their labels into {@code
   * labelsOut}. Hot path: allocates nothing.
   *
   * @throws IllegalArgumentException if {@code out} or {@code labelsOut} is too small
   */
  public void fillBatch(int[] order, int from, int count, float[] out, int[] labelsOut) {
    int size = imagePixels();
    if (out.length < count * size || labelsOut.length < count) {
      throw new IllegalArgumentException(
          "batch of "
              + count
              + " needs "
              + count * size
              + " floats and "
              + count
              + " labels but got "
              + out.length
              + " and "
              + labelsOut.length);
    }
    for (int b = 0; b < count; b++) {
      int image = order[from + b];
      int src = image * size;
      int dst = b * size;
      for (int p = 0; p < size; p++) {
        out[dst + p] = SCALE[pixels[src + p] & 0xff];
      }
      labelsOut[b] = labels[image] & 0xff;
    }
  }

  /** A new dataset holding copies of the images at {@code indices}, in that order. */
  public Dataset subset(int[] indices) {
    int size = imagePixels();
    byte[] newPixels = new byte[indices.length * size];
    byte[] newLabels = new byte[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(pixels, indices[i] * size, newPixels, i * size, size);
      newLabels[i] = labels[indices[i]];
    }
    return new Dataset(newPixels, newLabels, height, width, classes);
  }

  /**
   * The first {@code n} images, for small test runs.
   *
   * @throws UserException if {@code n} is outside 0..size() (n usually comes from a flag)
   */
  public Dataset head(int n) {
    if (n < 0 || n > size()) {
      throw new UserException(
          "image limit: expected 0.." + size() + " (the dataset's size) but found " + n);
    }
    return new Dataset(
        Arrays.copyOf(pixels, n * imagePixels()), Arrays.copyOf(labels, n), height, width, classes);
  }

  /**
   * This set's images followed by {@code other}'s.
   *
   * @throws IllegalArgumentException if the two differ in image size or class count
   */
  public Dataset concat(Dataset other) {
    if (other.height != height || other.width != width || other.classes != classes) {
      throw new IllegalArgumentException(
          "concat: expected " + describe() + " images, got " + other.describe());
    }
    byte[] newPixels = Arrays.copyOf(pixels, pixels.length + other.pixels.length);
    System.arraycopy(other.pixels, 0, newPixels, pixels.length, other.pixels.length);
    byte[] newLabels = Arrays.copyOf(labels, labels.length + other.labels.length);
    System.arraycopy(other.labels, 0, newLabels, labels.length, other.labels.length);
    return new Dataset(newPixels, newLabels, height, width, classes);
  }

  /** "28x28, 10 classes", for messages. */
  public String describe() {
    return height + "x" + width + ", " + classes + " classes";
  }
}
