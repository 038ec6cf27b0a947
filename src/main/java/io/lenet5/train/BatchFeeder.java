package io.lenet5.train;

import io.lenet5.data.Dataset;

/**
 * Feeds one session consecutive full batches of a dataset, wrapping around at its end, for timing:
 * what the images are does not change the speed, so there is no shuffling. It takes the steps as
 * training does, several to a run where the session chains them.
 */
public final class BatchFeeder {
  private final Dataset data;
  private final int batchSize;
  private final int[] order;
  private float[] pixels;
  private int[] labels;
  private int next;

  /** A feeder of batches of {@code batchSize} images, starting at image {@code start}. */
  public BatchFeeder(Dataset data, int batchSize, int start) {
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
    pixels = new float[batchSize * data.imagePixels()];
    labels = new int[batchSize];
    next = start % (data.size() - batchSize + 1);
  }

  /** Fills the next batch into this feeder's arrays. */
  public void fill() {
    fill(1);
  }

  /** Runs {@code steps} training steps on {@code session}, batch filling included. */
  public void train(TrainingSession session, int steps, float learningRate) {
    int chain = session.stepsPerRun();
    int step = 0;
    while (step < steps) {
      boolean chained = chain > 1 && step + chain <= steps && chain * batchSize <= data.size();
      fill(chained ? chain : 1);
      if (chained) {
        session.steps(pixels, labels, batchSize, learningRate);
        step += chain;
      } else {
        session.step(pixels, labels, batchSize, learningRate);
        step++;
      }
    }
  }

  /** The pixels of the last batch filled, from index 0. */
  public float[] pixels() {
    return pixels;
  }

  /** The labels of the last batch filled, from index 0. */
  public int[] labels() {
    return labels;
  }

  /** Images per batch. */
  public int batchSize() {
    return batchSize;
  }

  private void fill(int batches) {
    int images = batches * batchSize;
    if (pixels.length < images * data.imagePixels()) {
      pixels = new float[images * data.imagePixels()];
      labels = new int[images];
    }
    if (next + images > order.length) {
      next = 0;
    }
    data.fillBatch(order, next, images, pixels, labels);
    next += images;
  }
}
