package io.lenet5.train;

/**
 * Hooks around the training loop: progress display, divergence checks and checkpoints hang off it
 * so that the step loop stays short. {@link #onBatchEnd} runs after every step: keep it cheap.
 */
public interface TrainingListener {
  /** Called after each training step. */
  default void onBatchEnd(BatchProgress progress) {}

  /** Called after each epoch, once validation is done; the session holds the epoch's state. */
  default void onEpochEnd(EpochMetrics metrics, TrainingState state) {}
}
