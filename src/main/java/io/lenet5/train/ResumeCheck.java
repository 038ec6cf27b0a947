package io.lenet5.train;

import io.lenet5.UserException;
import io.lenet5.model.ModelConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Whether a checkpoint may be continued with a run's settings: the model, the seed and every
 * training hyperparameter must be those it was written with; only the number of epochs may grow.
 */
public final class ResumeCheck {
  private ResumeCheck() {}

  /**
   * Refuses to continue {@code checkpoint} with other settings, naming each changed field.
   *
   * @throws UserException if a field differs, or the checkpoint already holds all the epochs
   */
  public static void require(
      Path file, Checkpoint checkpoint, ModelConfig model, TrainingConfig training, long seed) {
    List<String> changed = changes(checkpoint, model, training, seed);
    if (!changed.isEmpty()) {
      throw new UserException(
          file
              + ": the run asks for other settings than the checkpoint was written with ("
              + String.join("; ", changed)
              + "); only epochs may change on --resume; start a new run in another folder");
    }
    if (checkpoint.epoch() >= training.epochs()) {
      throw new UserException(
          file
              + ": already holds "
              + checkpoint.epoch()
              + " epochs; pass a larger --epochs to train further");
    }
  }

  /** Each differing field as {@code name: checkpoint X, run Y}; empty when none differs. */
  static List<String> changes(
      Checkpoint checkpoint, ModelConfig model, TrainingConfig training, long seed) {
    List<String> changed = new ArrayList<>();
    ModelConfig m = checkpoint.model();
    TrainingConfig t = checkpoint.training();
    compare(
        changed, "model.activation", m.activation().kerasName(), model.activation().kerasName());
    compare(changed, "model.pooling", m.pooling().specName(), model.pooling().specName());
    compare(changed, "seed", checkpoint.seed(), seed);
    compare(
        changed, "training.optimizer", t.optimizer().specName(), training.optimizer().specName());
    compare(changed, "training.learningRate", t.learningRate(), training.learningRate());
    compare(changed, "training.momentum", t.momentum(), training.momentum());
    compare(changed, "training.batchSize", t.batchSize(), training.batchSize());
    compare(changed, "training.schedule", t.schedule().specName(), training.schedule().specName());
    compare(changed, "training.decayEpochs", t.decayEpochs(), training.decayEpochs());
    compare(changed, "training.augmentShift", t.augmentShift(), training.augmentShift());
    return changed;
  }

  private static void compare(List<String> changed, String field, Object was, Object now) {
    if (!Objects.equals(was, now)) {
      changed.add(field + ": checkpoint " + was + ", run " + now);
    }
  }
}
