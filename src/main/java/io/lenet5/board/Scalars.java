package io.lenet5.board;

import io.lenet5.train.EpochMetrics;

/** The per-epoch scalar tags, named as Keras's TensorBoard callback names them. */
public final class Scalars {
  /** Mean loss over the epoch (train run) or over the validation images (validation run). */
  public static final String LOSS = "epoch_loss";

  /** Accuracy, in the train and validation runs alike. */
  public static final String ACCURACY = "epoch_accuracy";

  /** The epoch's learning rate (train run). */
  public static final String LEARNING_RATE = "epoch_learning_rate";

  /** Training images per second over the epoch's steps (train run). */
  public static final String IMAGES_PER_SECOND = "epoch_images_per_second";

  private Scalars() {}

  /** Writes one epoch's figures at step {@code metrics.epoch()}. */
  static void write(
      SummaryWriter train, SummaryWriter validation, EpochMetrics metrics, double learningRate) {
    long step = metrics.epoch();
    train.scalar(LOSS, step, metrics.trainLoss());
    train.scalar(ACCURACY, step, metrics.trainAccuracy());
    train.scalar(LEARNING_RATE, step, learningRate);
    train.scalar(IMAGES_PER_SECOND, step, metrics.imagesPerSecond());
    validation.scalar(LOSS, step, metrics.valLoss());
    validation.scalar(ACCURACY, step, metrics.valAccuracy());
  }
}
