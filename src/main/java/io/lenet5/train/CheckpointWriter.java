package io.lenet5.train;

import io.lenet5.model.ModelConfig;
import java.nio.file.Path;

/** Saves the full training state after every epoch, so a killed run loses at most one epoch. */
public final class CheckpointWriter implements TrainingListener {
  private final Path file;
  private final ModelConfig model;
  private final TrainingConfig training;
  private final long seed;

  /** Creates a listener that overwrites {@code file} (atomically) after each epoch. */
  public CheckpointWriter(Path file, ModelConfig model, TrainingConfig training, long seed) {
    this.file = file;
    this.model = model;
    this.training = training;
    this.seed = seed;
  }

  @Override
  public void onEpochEnd(EpochMetrics metrics, TrainingState state) {
    Checkpoint.of(model, training, seed, state).write(file);
  }
}
