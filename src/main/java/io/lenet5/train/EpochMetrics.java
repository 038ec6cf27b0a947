package io.lenet5.train;

/**
 * What one epoch measured.
 *
 * @param epoch 1-based epoch number
 * @param imagesPerSecond training images per second over the epoch's steps (validation excluded)
 * @param epochSeconds wall time of the epoch, validation included
 * @param elapsedSeconds wall time since the run started, earlier sessions of a resumed run included
 */
public record EpochMetrics(
    int epoch,
    double trainLoss,
    double trainAccuracy,
    double valLoss,
    double valAccuracy,
    double imagesPerSecond,
    double epochSeconds,
    double elapsedSeconds) {}
