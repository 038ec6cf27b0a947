package io.lenet5.train;

import io.lenet5.data.Dataset;
import io.lenet5.model.LeNet5;
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
  private final TFloat32 images;
  private final TInt32 labels;

  /**
   * Tensors for batches of {@code count} images, the image tensor padded with blank images to
   * {@code paddedCount}.
   */
  BatchTensors(int count, int paddedCount) {
    this(count, paddedCount, 1);
  }

  /**
   * Tensors for {@code batches} batches of {@code count} images in a row, each batch's images
   * padded with blank images to {@code paddedCount}.
   */
  BatchTensors(int count, int paddedCount, int batches) {
    this.count = count;
    this.paddedCount = paddedCount;
    this.batches = batches;
    images =
        TFloat32.tensorOf(
            Shape.of((long) batches * paddedCount, LeNet5.IMAGE_SIZE, LeNet5.IMAGE_SIZE, 1));
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
   * Copies the images (count*784 floats per batch) and labels of every batch, from image {@code
   * first} of the arrays on, into the tensors; the padding stays blank.
   */
  void fill(float[] pixels, int[] batchLabels, int first) {
    FloatDataBuffer data = images.asRawTensor().data().asFloats();
    for (int b = 0; b < batches; b++) {
      data.offset((long) b * paddedCount * Dataset.PIXELS)
          .write(pixels, (first + b * count) * Dataset.PIXELS, count * Dataset.PIXELS);
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
