package io.lenet5.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.AtomicFiles;
import io.lenet5.Json;
import io.lenet5.TestData;
import io.lenet5.UserException;
import io.lenet5.spec.TuneSpec;
import io.lenet5.train.EpochMetrics;
import io.lenet5.tune.SearchListener;
import io.lenet5.tune.Trial;
import io.lenet5.tune.TrialExecutor;
import io.lenet5.tune.TrialHistory;
import io.lenet5.tune.TrialOutcome;
import io.lenet5.tune.TrialResult;
import io.lenet5.tune.TrialStatus;
import io.lenet5.tune.TrialTask;
import io.lenet5.tune.TuneLayout;
import io.lenet5.tune.Tuner;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A search's logs and plots, with an executor that trains nothing and invents histories. */
class SearchLogsTest {
  private static final String SPEC =
      """
      {
        "specVersion": 1,
        "seed": 3,
        "searchSpace": [
          { "name": "learningRate", "type": "float", "min": 0.001, "max": 0.01, "sampling": "log" },
          { "name": "batchSize", "type": "choice", "values": [64, 128] }
        ],
        "tuner": { "maxEpochs": 4, "factor": 2 },
        "output": { "directory": "%s" },
        "execution": { "parallelTrials": 1 }
      }
      """;

  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @TempDir Path dir;

  /** Every epoch of a trial, its validation accuracy rising with the epoch; trial 1 fails. */
  private static final class FakeExecutor implements TrialExecutor {
    @Override
    public TrialOutcome run(TrialTask task) {
      Trial trial = task.trial();
      if (trial.index() == 1) {
        return TrialOutcome.failed("loss diverged");
      }
      List<EpochMetrics> history = new ArrayList<>();
      for (int e = 1; e <= trial.epochs(); e++) {
        double accuracy = 0.5 + 0.1 * e + 0.001 * trial.index();
        history.add(new EpochMetrics(e, 1.0 / e, accuracy - 0.05, 0.9 / e, accuracy, 1000, 1, e));
      }
      double score = history.get(history.size() - 1).valAccuracy();
      TrialHistory record =
          new TrialHistory(
              trial.id(),
              trial.parentId(),
              task.spec(),
              history,
              2.5,
              TuneLayout.checkpointName(trial.id()),
              "fake",
              1);
      return new TrialOutcome(new TrialResult.Completed(score), new byte[] {1}, record);
    }

    @Override
    public int defaultParallelTrials() {
      return 1;
    }
  }

  private List<Trial> search(Path out, SearchListener listener) throws Exception {
    TuneSpec spec = Json.parse(SPEC.formatted(out), TuneSpec.class, "spec");
    Tuner tuner = Tuner.open(spec, TestData.stub(out, "0".repeat(64)), false, false, QUIET);
    List<Trial> trials = new ArrayList<>();
    tuner.run(
        new FakeExecutor(),
        new SearchListener() {
          @Override
          public void onSearchStart(Tuner search, List<Trial> earlier) {
            listener.onSearchStart(search, earlier);
          }

          @Override
          public void onTrialReported(Trial reported, TrialOutcome outcome) {
            listener.onTrialReported(reported, outcome);
          }

          @Override
          public void onSearchEnd(List<Trial> all, Optional<Trial> best) {
            trials.addAll(all);
            listener.onSearchEnd(all, best);
          }
        });
    return trials;
  }

  private static List<Long> steps(Path run, String tag) {
    return EventFiles.read(run).stream()
        .filter(e -> e.tag().equals(tag))
        .map(EventFiles.Entry::step)
        .toList();
  }

  @Test
  void everyTrialGetsASessionAndItsCurveAndThePlotsAreDrawn() throws Exception {
    Path out = dir.resolve("search");
    Path logs = out.resolve("logs");
    List<Trial> trials = search(out, new SearchLogs(logs, false));
    assertFalse(trials.isEmpty());

    List<String> rootTags = EventFiles.read(logs).stream().map(EventFiles.Entry::tag).toList();
    assertEquals(List.of(HParams.EXPERIMENT_TAG), rootTags);
    for (Trial t : trials) {
      Path run = logs.resolve(SearchBoard.runName(t));
      assertEquals(
          List.of(HParams.SESSION_START_TAG, HParams.SESSION_END_TAG),
          EventFiles.read(run).stream().map(EventFiles.Entry::tag).toList(),
          run.toString());
      Path validation = run.resolve(TrainingBoard.VALIDATION_RUN);
      if (t.status() == TrialStatus.COMPLETED) {
        List<Long> epochs = new ArrayList<>();
        for (long e = 1; e <= t.epochs(); e++) {
          epochs.add(e);
        }
        assertEquals(epochs, steps(validation, Scalars.ACCURACY), "parent's epochs included");
        List<EventFiles.Entry> accuracy =
            EventFiles.read(validation).stream()
                .filter(e -> e.tag().equals(Scalars.ACCURACY))
                .toList();
        assertEquals(t.score(), accuracy.get(accuracy.size() - 1).scalar(), 1e-6);
      } else {
        assertFalse(Files.exists(validation), "a failed trial has no curve");
      }
    }
    assertFalse(Files.exists(dir.resolve("search/.logs.staging")), "staging folder left");
    assertEquals(1000, ImageIO.read(out.resolve(SearchPlots.CURVES_FILE).toFile()).getWidth());
    assertEquals(
        2 * 460, ImageIO.read(out.resolve(SearchPlots.HYPERPARAMETERS_FILE).toFile()).getWidth());
  }

  @Test
  void aResumedSearchRewritesMissingRunsAndKeepsOneExperiment() throws Exception {
    Path out = dir.resolve("search");
    Path logs = out.resolve("logs");
    search(out, new SearchLogs(logs, false));
    Path lost = logs.resolve("trial_0002");
    List<EventFiles.Entry> before = EventFiles.read(lost.resolve(TrainingBoard.TRAIN_RUN));
    AtomicFiles.deleteRecursively(lost); // as if killed before its logs were written

    search(out, new SearchLogs(logs, false)); // the search is done: resuming only reopens it
    assertEquals(1, EventFiles.files(logs).size(), "one experiment summary");
    List<EventFiles.Entry> after = EventFiles.read(lost.resolve(TrainingBoard.TRAIN_RUN));
    assertEquals(
        before.stream().map(e -> e.tag() + "@" + e.step() + "=" + e.scalar()).toList(),
        after.stream().map(e -> e.tag() + "@" + e.step() + "=" + e.scalar()).toList());
  }

  @Test
  void noLogsWithoutALogFolderButStillThePlots() throws Exception {
    Path out = dir.resolve("search");
    search(out, new SearchLogs(null, false));
    assertFalse(Files.exists(out.resolve("logs")));
    assertTrue(Files.exists(out.resolve(SearchPlots.CURVES_FILE)));
  }

  @Test
  void aNewSearchReplacesTheRunsOfAnEarlierOneAndNoOneElses() throws Exception {
    Path logs = dir.resolve("board");
    search(dir.resolve("first"), new SearchLogs(logs, false));
    Path earlier = Files.createDirectories(logs.resolve("trial_0042/train"));
    Path mine = Files.createDirectories(logs.resolve("mine"));
    UserException refused =
        assertThrows(
            UserException.class, () -> search(dir.resolve("second"), new SearchLogs(logs, false)));
    assertTrue(refused.getMessage().startsWith(logs + ": holds " + mine), refused.getMessage());
    Files.delete(earlier);
    Files.delete(earlier.getParent());
    search(dir.resolve("third"), new SearchLogs(logs, true));
    assertTrue(Files.exists(mine), "other runs are the user's");
    assertTrue(Files.isDirectory(logs.resolve("trial_0000")));
  }
}
