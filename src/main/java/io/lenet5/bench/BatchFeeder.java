package io.lenet5.bench;

import io.lenet5.data.Dataset;
import io.lenet5.train.TrainingSession;

/**
 * Feeds one session consecutive full batches of a dataset, wrapping around at its end; what the
 * images are does not change the speed, so there is no shuffling.
 */
final class BatchFeeder {
  private final Dataset data;
  private final int batchSize;
  private final int[] order;
  private final float[] pixels;
  private final int[] labels;
  private int next;

  BatchFeeder(Dataset data, int batchSize, int start) {
    if (data.size() < batchSize) {
      throw new IllegalArgumentException(
          "dataset of " + data.size() + " images is smaller than one batch of " + batchSize);
    }
    this.data = data;
    this.batchSize = batchSize;
    order = new int[data.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    pixels = new float[batchSize * Dataset.PIXELS];
    labels = new int[batchSize];
    next = start % (data.size() - batchSize + 1);
  }

  /** Fills the next batch into this feeder's arrays. */
  void fill() {
    if (next + batchSize > order.length) {
      next = 0;
    }
    data.fillBatch(order, next, batchSize, pixels, labels);
    next += batchSize;
  }

  /** Runs {@code steps} training steps on {@code session}, batch filling included. */
  void train(TrainingSession session, int steps, float learningRate) {
    for (int i = 0; i < steps; i++) {
      fill();
      session.step(pixels, labels, batchSize, learningRate);
    }
  }

  float[] pixels() {
    return pixels;
  }

  int[] labels() {
    return labels;
  }

  int batchSize() {
    return batchSize;
  }
}
