package io.lenet5.train;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The native input tensors of one batch shape, or of several such batches one after another,
 * refilled in place from Java arrays run after run. A session does not keep fed tensors past its
 * run, so refilling between runs is safe.
 */
final class BatchTensors implements AutoCloseable {
  private final int count;
  private final int paddedCount;
  private final int batches;
  private final int imagePixels;
  private final TFloat32 images;
  private final TInt32 labels;

  /**
   * Tensors for batches of {@code count} images of {@code height x width}, the image tensor padded
   * with blank images to {@code paddedCount}.
   */
  BatchTensors(int count, int paddedCount, int height, int width) {
    this(count, paddedCount, 1, height, width);
  }

  /**
   * Tensors for {@code batches} batches of {@code count} images in a row, each batch's images
   * padded with blank images to {@code paddedCount}.
   */
  BatchTensors(int count, int paddedCount, int batches, int height, int width) {
    this.count = count;
    this.paddedCount = paddedCount;
    this.batches = batches;
    this.imagePixels = height * width;
    images = TFloat32.tensorOf(Shape.of((long) batches * paddedCount, height, width, 1));
    try {
      images.copyFrom(DataBuffers.of(new float[(int) images.size()], true, false));
      labels = TInt32.tensorOf(Shape.of((long) batches * count));
    } catch (RuntimeException e) {
      images.close();
      throw e;
    }
  }

  /** Number of images per batch. */
  int count() {
    return count;
  }

  /**
   * Copies the images (count*h*w floats per batch) and labels of every batch, from image {@code
   * first} of the arrays on, into the tensors; the padding stays blank.
   */
  void fill(float[] pixels, int[] batchLabels, int first) {
    FloatDataBuffer data = images.asRawTensor().data().asFloats();
    for (int b = 0; b < batches; b++) {
      data.offset((long) b * paddedCount * imagePixels)
          .write(pixels, (first + b * count) * imagePixels, count * imagePixels);
    }
    labels.copyFrom(DataBuffers.of(batchLabels, true, false).offset(first).narrow(batches * count));
  }

  TFloat32 images() {
    return images;
  }

  TInt32 labels() {
    return labels;
  }

  @Override
  public void close() {
    images.close();
    labels.close();
  }
}
