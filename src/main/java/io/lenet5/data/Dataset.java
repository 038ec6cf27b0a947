package io.lenet5.data;

import io.lenet5.UserException;
import java.util.Arrays;

/**
 * Immutable in-memory image set: n images of 28x28 uint8 pixels (row-major, 784 bytes each) and
 * their labels 0..9.
 *
 * <p>The constructor keeps the arrays it is given without copying them (the training images are 47
 * MB); callers hand them over and must not change them afterwards.
 */
public final class Dataset {
  public static final int ROWS = 28;
  public static final int COLS = 28;
  public static final int PIXELS = ROWS * COLS;

  /** {@code SCALE[b & 0xff] == (b & 0xff) / 255f}: a lookup beats a division in the batch loop. */
  private static final float[] SCALE = new float[256];

  static {
    for (int i = 0; i < SCALE.length; i++) {
      SCALE[i] = i / 255f;
    }
  }

  private final byte[] pixels;
  private final byte[] labels;

  /**
   * Wraps the arrays without copying them.
   *
   * @param pixels {@code labels.length * 784} bytes, image after image, each row-major
   * @param labels one label per image, each in 0..9
   * @throws IllegalArgumentException if the lengths disagree or a label is outside 0..9
   */
  public Dataset(byte[] pixels, byte[] labels) {
    if (pixels.length != (long) labels.length * PIXELS) {
      throw new IllegalArgumentException(
          "pixels: expected "
              + (long) labels.length * PIXELS
              + " bytes for "
              + labels.length
              + " labels but found "
              + pixels.length);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] > 9) {
        throw new IllegalArgumentException(
            "labels: label " + labels[i] + " at index " + i + " is outside 0..9");
      }
    }
    this.pixels = pixels;
    this.labels = labels;
  }

  /** Number of images. */
  public int size() {
    return labels.length;
  }

  /** Label (0..9) of the image at {@code index}. */
  public int label(int index) {
    return labels[index];
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
    return pixels[index * PIXELS + row * COLS + col] & 0xff;
  }

  /**
   * Copies the images at {@code order[from..from+count)} into {@code out} ({@code count * 784}
   * floats, each {@code (pixel & 0xff) / 255f}) and their labels into {@code labelsOut}. Hot path:
   * allocates nothing.
   *
   * @throws IllegalArgumentException if {@code out} or {@code labelsOut} is too small
   */
  public void fillBatch(int[] order, int from, int count, float[] out, int[] labelsOut) {
    if (out.length < count * PIXELS || labelsOut.length < count) {
      throw new IllegalArgumentException(
          "batch of "
              + count
              + " needs "
              + count * PIXELS
              + " floats and "
              + count
              + " labels but got "
              + out.length
              + " and "
              + labelsOut.length);
    }
    for (int b = 0; b < count; b++) {
      int image = order[from + b];
      int src = image * PIXELS;
      int dst = b * PIXELS;
      for (int p = 0; p < PIXELS; p++) {
        out[dst + p] = SCALE[pixels[src + p] & 0xff];
      }
      labelsOut[b] = labels[image];
    }
  }

  /** A new dataset holding copies of the images at {@code indices}, in that order. */
  public Dataset subset(int[] indices) {
    byte[] newPixels = new byte[indices.length * PIXELS];
    byte[] newLabels = new byte[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(pixels, indices[i] * PIXELS, newPixels, i * PIXELS, PIXELS);
      newLabels[i] = labels[indices[i]];
    }
    return new Dataset(newPixels, newLabels);
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
    return new Dataset(Arrays.copyOf(pixels, n * PIXELS), Arrays.copyOf(labels, n));
  }

  /** This set's images followed by {@code other}'s. */
  public Dataset concat(Dataset other) {
    byte[] newPixels = Arrays.copyOf(pixels, pixels.length + other.pixels.length);
    System.arraycopy(other.pixels, 0, newPixels, pixels.length, other.pixels.length);
    byte[] newLabels = Arrays.copyOf(labels, labels.length + other.labels.length);
    System.arraycopy(other.labels, 0, newLabels, labels.length, other.labels.length);
    return new Dataset(newPixels, newLabels);
  }
}
