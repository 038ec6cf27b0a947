package io.lenet5.model;

import java.util.Arrays;

/**
 * One trainable tensor of LeNet-5: its Keras name (e.g. {@code conv2d/kernel}), shape (conv kernels
 * HWIO, dense kernels [in, out]) and the fans Glorot initialisation uses.
 */
public record WeightSpec(String name, long[] shape, boolean isKernel) {
  /** Number of scalars in this tensor. */
  public int size() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return Math.toIntExact(n);
  }

  /** The Keras layer this tensor belongs to ({@code conv2d} for {@code conv2d/kernel}). */
  public String layer() {
    return name.substring(0, name.indexOf('/'));
  }

  /** Glorot's fan-in: receptive field times input channels, as Keras computes it. */
  int fanIn() {
    return shape.length == 4 ? (int) (shape[0] * shape[1] * shape[2]) : (int) shape[0];
  }

  /** Glorot's fan-out: receptive field times output channels, as Keras computes it. */
  int fanOut() {
    return shape.length == 4 ? (int) (shape[0] * shape[1] * shape[3]) : (int) shape[1];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WeightSpec w
        && w.name.equals(name)
        && Arrays.equals(w.shape, shape)
        && w.isKernel == isKernel;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }
}
