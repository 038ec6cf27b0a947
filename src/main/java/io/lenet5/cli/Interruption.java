package io.lenet5.cli;

import io.lenet5.train.EpochMetrics;
import io.lenet5.train.TrainingListener;
import io.lenet5.train.TrainingState;
import io.lenet5.tune.SearchListener;
import io.lenet5.tune.Trial;
import io.lenet5.tune.TrialOutcome;
import io.lenet5.tune.TrialStatus;
import io.lenet5.tune.Tuner;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The line said on stderr when SIGINT or SIGTERM ends a run: what is saved and how to go on. The
 * JVM runs its shutdown hooks on those signals and then exits with 128 + the signal (130, 143) by
 * itself; {@link Main#main} clears the line before a run's own exit, so an ended run says nothing.
 */
final class Interruption {
  /** What to say if the run is interrupted now; null to say nothing. */
  private static volatile String line;

  private Interruption() {}

  /** Registers the hook that says the line; once per process. */
  static void install() {
    Runtime.getRuntime().addShutdownHook(new Thread(Interruption::say, "lenet5-interrupted"));
  }

  /** The run ended by itself: nothing to say. */
  static void clear() {
    line = null;
  }

  /** What an interrupted run has saved, as of now. */
  static void saved(String what) {
    line = what;
  }

  /** The line for a train run in {@code dir} with {@code epoch} of {@code total} epochs saved. */
  static String train(int epoch, int total, Path dir) {
    if (epoch == 0) {
      return "interrupted before epoch 1 of "
          + total
          + " ended; nothing is saved in "
          + dir
          + " yet: run the same command to start again";
    }
    if (epoch < total) {
      return "interrupted after epoch "
          + epoch
          + " of "
          + total
          + "; "
          + TrainCommand.CHECKPOINT
          + " in "
          + dir
          + " holds it: run the same command with --resume";
    }
    Path checkpoint = dir.resolve(TrainCommand.CHECKPOINT);
    return "interrupted after the last epoch ("
        + total
        + "), before "
        + TrainCommand.METRICS
        + " was written; "
        + checkpoint
        + " holds the trained model: export it with export --checkpoint "
        + checkpoint;
  }

  /** Keeps the line up to date after each epoch's checkpoint; it must follow the checkpoint's. */
  static TrainingListener afterCheckpoint(int total, Path dir) {
    return new TrainingListener() {
      @Override
      public void onEpochEnd(EpochMetrics metrics, TrainingState state) {
        saved(train(state.history().size(), total, dir));
      }
    };
  }

  /** {@code next}, keeping the line up to date with the trials the search has recorded. */
  static SearchListener trials(SearchListener next, Path dir) {
    return new SearchListener() {
      private int done;
      private int total;

      @Override
      public void onSearchStart(Tuner search, List<Trial> earlier) {
        total = search.plan().totalTrials();
        done = (int) earlier.stream().filter(t -> t.status() != TrialStatus.RUNNING).count();
        saved(tune(done, total, dir));
        next.onSearchStart(search, earlier);
      }

      @Override
      public void onTrialReported(Trial reported, TrialOutcome outcome) {
        saved(tune(++done, total, dir));
        next.onTrialReported(reported, outcome);
      }

      @Override
      public void onSearchEnd(List<Trial> trials, Optional<Trial> best) {
        next.onSearchEnd(trials, best);
        saved(
            "interrupted while the best model was built: all "
                + total
                + " trials are saved in "
                + dir
                + "; run the same command to build it");
      }
    };
  }

  private static String tune(int done, int total, Path dir) {
    return "interrupted: "
        + done
        + " of "
        + total
        + " trials are done and saved in "
        + dir
        + "; run the same command to resume";
  }

  /**
   * Writes to the stderr descriptor itself, not through System.err, whose lock a thread still
   * running may hold.
   */
  private static void say() {
    String said = line;
    if (said == null) {
      return;
    }
    try {
      // not closed: that would close the process's stderr
      FileOutputStream err = new FileOutputStream(FileDescriptor.err);
      err.write((said + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
      err.flush();
    } catch (IOException e) {
      // stderr is gone: there is no one to tell
    }
  }
}
