package io.lenet5.tune;

import io.lenet5.ProcessMemory;
import io.lenet5.UserException;
import io.lenet5.data.Split;
import io.lenet5.spec.TrainSpec;
import io.lenet5.train.Checkpoint;
import io.lenet5.train.Device;
import io.lenet5.train.EpochMetrics;
import io.lenet5.train.SessionPool;
import io.lenet5.train.TrainingDivergedException;
import io.lenet5.train.TrainingListener;
import io.lenet5.train.TrainingRun;
import io.lenet5.train.TrainingSession;
import io.lenet5.train.TrainingState;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way a trial trains, used by every executor (locally and on Spark workers): from scratch,
 * or from its parent's checkpoint (weights and optimizer state, so Adam's moments carry over) for
 * only the epochs the parent did not train. Everything stays in memory; the search runner writes
 * the files.
 */
public final class TrialTraining {
  private TrialTraining() {}

  /**
   * Trains one trial in a session of its own.
   *
   * @param split the training and validation images, as the spec's data section splits them
   * @param device the device of this trial's session
   * @param extraListeners progress display and the like, added to the trial's training
   * @return the checkpoint and history, or a failure when the loss diverged
   */
  public static TrialOutcome train(
      TrialTask task, Split split, Device device, List<TrainingListener> extraListeners) {
    try (SessionPool none = new SessionPool(0)) {
      return train(task, split, device, none, extraListeners);
    }
  }

  /**
   * Trains one trial in a session from {@code sessions}, and gives it back there when the trial is
   * over.
   *
   * @param split the training and validation images, as the spec's data section splits them
   * @param device the device of this trial's session
   * @param extraListeners progress display and the like, added to the trial's training
   * @return the checkpoint and history, or a failure when the loss diverged
   */
  public static TrialOutcome train(
      TrialTask task,
      Split split,
      Device device,
      SessionPool sessions,
      List<TrainingListener> extraListeners) {
    long start = System.nanoTime();
    Trial trial = task.trial();
    TrainSpec spec = task.spec();
    TrainingRun run;
    if (task.parentCheckpoint() == null) {
      run = TrainingRun.fresh(spec.model(), spec.training(), spec.seed());
    } else {
      String source = "trial " + trial.parentId() + "'s checkpoint";
      Checkpoint parent = Checkpoint.fromBytes(task.parentCheckpoint(), source);
      if (parent.epoch() != trial.initialEpoch()) {
        throw new UserException(
            source
                + ": expected "
                + trial.initialEpoch()
                + " epochs for trial "
                + trial.id()
                + " to continue, found "
                + parent.epoch());
      }
      run = TrainingRun.resume(spec.model(), spec.training(), spec.seed(), parent, source);
    }
    TrainingSession session = sessions.take(spec.model(), spec.training(), device);
    // Kept for the next trial only after a run that ended as runs end; the next one sets its
    // whole state anyway.
    boolean reusable = false;
    try {
      LastState last = new LastState(spec);
      List<TrainingListener> all = new ArrayList<>(extraListeners);
      all.add(last);
      List<EpochMetrics> history = run.fit(session, split.train(), split.validation(), all);
      reusable = true;
      double seconds = (System.nanoTime() - start) / 1e9;
      TrialHistory record =
          new TrialHistory(
              trial.id(),
              trial.parentId(),
              spec,
              history,
              seconds,
              TuneLayout.checkpointName(trial.id()),
              device.name(),
              (long) ProcessMemory.residentMib());
      double accuracy = history.get(history.size() - 1).valAccuracy();
      return new TrialOutcome(new TrialResult.Completed(accuracy), last.bytes, record);
    } catch (TrainingDivergedException e) {
      reusable = true;
      return TrialOutcome.failed(e.getMessage());
    } finally {
      if (reusable) {
        sessions.release(session, spec.model(), spec.training());
      } else {
        session.close();
      }
    }
  }

  /**
   * Keeps the checkpoint of the last epoch, as the trial's children will continue it; runs after
   * the divergence check, so a diverged epoch is never kept.
   */
  private static final class LastState implements TrainingListener {
    private final TrainSpec spec;
    private byte[] bytes;

    LastState(TrainSpec spec) {
      this.spec = spec;
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics, TrainingState state) {
      if (state.epoch() == spec.training().epochs()) {
        bytes = Checkpoint.of(spec.model(), spec.training(), spec.seed(), state).toBytes();
      }
    }
  }
}
