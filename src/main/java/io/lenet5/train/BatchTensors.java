package io.lenet5.train;

import io.lenet5.data.Dataset;
import io.lenet5.model.LeNet5;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The native input tensors of one batch shape, refilled in place from Java arrays step after step.
 * A session does not keep fed tensors past its run, so refilling between runs is safe.
 */
final class BatchTensors implements AutoCloseable {
  private final int count;
  private final TFloat32 images;
  private final TInt32 labels;

  /**
   * Tensors for batches of {@code count} images, the image tensor padded with blank images to
   * {@code paddedCount}.
   */
  BatchTensors(int count, int paddedCount) {
    this.count = count;
    images = TFloat32.tensorOf(Shape.of(paddedCount, LeNet5.IMAGE_SIZE, LeNet5.IMAGE_SIZE, 1));
    try {
      images.copyFrom(DataBuffers.of(new float[(int) images.size()], true, false));
      labels = TInt32.tensorOf(Shape.of(count));
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
   * Copies {@code count} images (count*784 floats) and labels, from image {@code first} of the
   * arrays on, into the tensors; the padding stays blank.
   */
  void fill(float[] pixels, int[] batchLabels, int first) {
    images
        .asRawTensor()
        .data()
        .asFloats()
        .write(pixels, first * Dataset.PIXELS, count * Dataset.PIXELS);
    labels.copyFrom(DataBuffers.of(batchLabels, true, false).offset(first).narrow(count));
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
