package io.lenet5.board;

import io.lenet5.AtomicFiles;
import io.lenet5.spec.ChoiceParameter;
import io.lenet5.spec.FixedParameter;
import io.lenet5.spec.FloatParameter;
import io.lenet5.spec.IntParameter;
import io.lenet5.spec.SearchParameter;
import io.lenet5.spec.TuneSpec;
import io.lenet5.train.EpochMetrics;
import io.lenet5.train.TrainingConfig;
import io.lenet5.tune.HyperbandSchedule;
import io.lenet5.tune.Trial;
import io.lenet5.tune.TrialHistory;
import io.lenet5.tune.TrialStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * A search's TensorBoard logs: the HParams experiment (the search space's domains and the metrics,
 * objective first) in the root run, and per trial a run {@code trial_NNNN} with its session start
 * and end (hyperparameters, status) and its runs {@code train/} and {@code validation/} with the
 * epoch figures as steps, the parent's epochs included so that each curve continues its parent's.
 *
 * <p>A trial's run is written whole into a staging folder beside the log folder and then renamed
 * into it, so TensorBoard never reads half a trial and a trial reported again (a resumed search)
 * replaces its run instead of doubling its steps. Calls may come from several threads.
 */
public final class SearchBoard {
  /** The hyperparameters Keras Tuner's Hyperband adds to every trial, as this search sets them. */
  static final String EPOCHS = "tuner/epochs";

  static final String BRACKET = "tuner/bracket";

  private static final String TRIAL_PREFIX = "trial_";

  private final Path logDir;
  private final Path staging;
  private final TuneSpec spec;

  /** Logs into {@code logDir} (created when needed) for a search of {@code spec}. */
  public SearchBoard(Path logDir, TuneSpec spec) {
    this.logDir = logDir.toAbsolutePath();
    this.staging = this.logDir.resolveSibling("." + this.logDir.getFileName() + ".staging");
    this.spec = spec;
  }

  /** The run folder of a trial, relative to the log folder. */
  public static String runName(Trial trial) {
    return TRIAL_PREFIX + trial.id();
  }

  /**
   * Writes the experiment summary, replacing an earlier one. A new search (not resumed) also
   * removes the trial runs an earlier search left in the log folder.
   */
  public synchronized void start(boolean resumed) {
    try {
      Files.createDirectories(logDir);
      for (Path file : EventFiles.files(logDir)) {
        Files.delete(file);
      }
      if (!resumed) {
        try (Stream<Path> runs = Files.list(logDir)) {
          for (Path run : runs.toList()) {
            if (run.getFileName().toString().matches(TRIAL_PREFIX + "\\d+")) {
              AtomicFiles.deleteRecursively(run);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + logDir + ": " + e.getMessage(), e);
    }
    try (SummaryWriter root = SummaryWriter.open(logDir)) {
      root.rawSummary(0, experiment());
    }
  }

  /**
   * Writes a reported trial's run: its session (hyperparameters, status, checkpoint) and, when it
   * completed, every epoch of its history.
   *
   * @param history what the trial produced; null for a failed trial
   */
  public synchronized void trialReported(Trial trial, TrialHistory history) {
    String name = runName(trial);
    Path staged = staging.resolve(name);
    double end = System.currentTimeMillis() / 1000.0;
    try {
      AtomicFiles.deleteRecursively(staged);
      try (SummaryWriter session = SummaryWriter.open(staged)) {
        double seconds = history == null ? 0 : history.seconds();
        String checkpoint = history == null ? "" : history.checkpoint();
        session.rawSummary(
            0, HParams.sessionStart(hyperparameters(trial), name, checkpoint, end - seconds));
        session.rawSummary(
            0,
            HParams.sessionEnd(
                trial.status() == TrialStatus.COMPLETED
                    ? HParams.Status.SUCCESS
                    : HParams.Status.FAILURE,
                end));
      }
      if (history != null) {
        TrainingConfig training =
            spec.trialSpec(trial.hyperparameters(), trial.epochs()).training();
        try (SummaryWriter train = SummaryWriter.open(staged.resolve(TrainingBoard.TRAIN_RUN));
            SummaryWriter validation =
                SummaryWriter.open(staged.resolve(TrainingBoard.VALIDATION_RUN))) {
          for (EpochMetrics m : history.history()) {
            Scalars.write(train, validation, m, training.learningRate(m.epoch()));
          }
        }
      }
      Path target = logDir.resolve(name);
      AtomicFiles.deleteRecursively(target);
      Files.createDirectories(logDir);
      Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the logs of trial " + trial.id() + " to " + logDir + ": " + e, e);
    }
  }

  /** Removes the staging folder, empty once every trial's run is in place. */
  public synchronized void end() {
    AtomicFiles.deleteRecursively(staging);
  }

  /** The trial's hyperparameters and the Hyperband ones that tell its epochs and bracket. */
  static Map<String, Object> hyperparameters(Trial trial) {
    Map<String, Object> values = new LinkedHashMap<>(trial.hyperparameters());
    values.put(EPOCHS, (long) trial.epochs());
    values.put(BRACKET, (long) trial.bracket());
    return values;
  }

  private byte[] experiment() {
    List<HParams.HParam> hparams = new ArrayList<>();
    for (SearchParameter p : spec.searchSpace()) {
      hparams.add(new HParams.HParam(p.name(), domain(p)));
    }
    int maxEpochs = spec.tuner().maxEpochs();
    hparams.add(new HParams.HParam(EPOCHS, new HParams.Interval(1, maxEpochs)));
    int brackets = new HyperbandSchedule(maxEpochs, spec.tuner().factor(), 1).bracketCount();
    hparams.add(
        new HParams.HParam(
            BRACKET,
            new HParams.Discrete(
                LongStream.range(0, brackets).boxed().map(Object.class::cast).toList())));
    String objective = spec.objective().metric().specName();
    List<HParams.Metric> metrics = new ArrayList<>();
    for (String m : List.of(objective, otherOf(objective), "accuracy", "loss")) {
      boolean validation = m.startsWith("val_");
      metrics.add(
          new HParams.Metric(
              validation ? TrainingBoard.VALIDATION_RUN : TrainingBoard.TRAIN_RUN,
              m.endsWith("loss") ? Scalars.LOSS : Scalars.ACCURACY,
              m,
              validation ? HParams.Dataset.VALIDATION : HParams.Dataset.TRAINING));
    }
    String description =
        String.format(
            Locale.ROOT,
            "Hyperband search, objective %s (%s); one session per trial, its epochs as steps",
            objective,
            spec.objective().maximize() ? "max" : "min");
    return HParams.experiment(description, System.currentTimeMillis() / 1000.0, hparams, metrics);
  }

  private static String otherOf(String objective) {
    return objective.equals("val_loss") ? "val_accuracy" : "val_loss";
  }

  private static HParams.Domain domain(SearchParameter p) {
    if (p instanceof FloatParameter f) {
      return new HParams.Interval(f.min(), f.max());
    }
    if (p instanceof IntParameter i) {
      return new HParams.Interval(i.min(), i.max());
    }
    if (p instanceof ChoiceParameter c) {
      return new HParams.Discrete(c.values());
    }
    return new HParams.Discrete(List.of(((FixedParameter) p).value()));
  }
}
