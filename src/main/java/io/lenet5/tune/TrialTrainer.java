package io.lenet5.tune;

import io.lenet5.AtomicFiles;
import io.lenet5.Json;
import io.lenet5.UserException;
import io.lenet5.data.Split;
import io.lenet5.spec.TrainSpec;
import io.lenet5.spec.TuneSpec;
import io.lenet5.train.Checkpoint;
import io.lenet5.train.CheckpointWriter;
import io.lenet5.train.Device;
import io.lenet5.train.DivergenceCheck;
import io.lenet5.train.EpochMetrics;
import io.lenet5.train.Trainer;
import io.lenet5.train.TrainingDivergedException;
import io.lenet5.train.TrainingListener;
import io.lenet5.train.TrainingSession;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Trains one trial with TensorFlow: from scratch, or from its parent's checkpoint (weights and
 * optimizer state, so Adam's moments carry over) for only the epochs the parent did not train.
 * Writes the trial's checkpoint (for its own children) and its per-epoch history.
 */
public final class TrialTrainer implements TrialExecutor {
  private final TuneSpec spec;
  private final Split split;
  private final Device device;
  private final TuneLayout layout;
  private final Function<Trial, List<TrainingListener>> listeners;

  /**
   * Creates the executor.
   *
   * @param listeners progress display and the like for a trial, added to its training
   */
  public TrialTrainer(
      TuneSpec spec,
      Split split,
      Device device,
      TuneLayout layout,
      Function<Trial, List<TrainingListener>> listeners) {
    this.spec = spec;
    this.split = split;
    this.device = device;
    this.layout = layout;
    this.listeners = listeners;
  }

  @Override
  public TrialResult run(Trial trial) {
    long start = System.nanoTime();
    TrainSpec trialSpec = spec.trialSpec(trial.hyperparameters(), trial.epochs());
    try (TrainingSession session =
        new TrainingSession(trialSpec.model(), trialSpec.training(), device)) {
      List<EpochMetrics> previous = List.of();
      if (trial.parentId() == null) {
        session.initialize(spec.seed());
      } else {
        Checkpoint parent = Checkpoint.read(layout.checkpoint(trial.parentId()));
        if (parent.epoch() != trial.initialEpoch()) {
          throw new UserException(
              layout.checkpoint(trial.parentId())
                  + ": expected "
                  + trial.initialEpoch()
                  + " epochs for trial "
                  + trial.id()
                  + " to continue, found "
                  + parent.epoch());
        }
        session.load(parent.tensors());
        previous = parent.history();
      }
      List<TrainingListener> all = new ArrayList<>(listeners.apply(trial));
      all.add(new DivergenceCheck(trialSpec.training().learningRate()));
      all.add(
          new CheckpointWriter(
              layout.checkpoint(trial.id()), trialSpec.model(), trialSpec.training(), spec.seed()));
      List<EpochMetrics> history =
          new Trainer(trialSpec.training(), spec.seed(), all)
              .fit(session, split.train(), split.validation(), previous);
      EpochMetrics last = history.get(history.size() - 1);
      double seconds = (System.nanoTime() - start) / 1e9;
      AtomicFiles.writeString(
          layout.history(trial.id()),
          Json.write(
              new TrialHistory(
                  trial.id(),
                  trial.parentId(),
                  trialSpec,
                  history,
                  seconds,
                  layout.directory().relativize(layout.checkpoint(trial.id())).toString(),
                  device.name(),
                  ResidentMemory.megabytes())));
      return new TrialResult.Completed(score(last));
    } catch (TrainingDivergedException e) {
      return new TrialResult.Failed(e.getMessage());
    }
  }

  /** The objective's value at the epoch the checkpoint holds, the one children continue from. */
  private double score(EpochMetrics last) {
    return switch (spec.objective().metric()) {
      case "val_loss" -> last.valLoss();
      default -> last.valAccuracy();
    };
  }

  /** What {@code histories/trial_NNNN.json} holds. */
  record TrialHistory(
      String trialId,
      String parentId,
      TrainSpec spec,
      List<EpochMetrics> history,
      double seconds,
      String checkpoint,
      String device,
      long residentMegabytes) {}
}
