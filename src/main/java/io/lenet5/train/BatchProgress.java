package io.lenet5.train;

/**
 * Running figures within an epoch, handed to listeners after each step.
 *
 * @param batch 1-based index of the step just done in this epoch
 * @param lastBatchLoss mean loss of the step just done (for divergence checks)
 * @param trainLoss mean loss over the epoch's steps so far
 */
public record BatchProgress(
    int epoch,
    int epochs,
    int batch,
    int batches,
    float lastBatchLoss,
    double trainLoss,
    double trainAccuracy,
    double imagesPerSecond) {}
