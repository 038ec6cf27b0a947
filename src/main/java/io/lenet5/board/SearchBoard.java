package io.lenet5.board;

import io.lenet5.AtomicFiles;
import io.lenet5.OwnedFiles;
import io.lenet5.OwnedFiles.Layout;
import io.lenet5.UserException;
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
import java.util.Optional;
import java.util.stream.LongStream;

/**
 * A search's TensorBoard logs: the HParams experiment (the search space's domains and the metrics,
 * objective first) in the root run, and per trial a run {@code trial_NNNN} with its session start
 * and end (hyperparameters, status) and its runs {@code train/} and {@code validation/} with the
 * epoch figures as steps, the parent's epochs included so that each curve continues its parent's.
 *
 * <p>A trial's run is written whole into a staging folder beside the log folder and then renamed
 * into it, so TensorBoard never reads half a trial and a trial reported again (a resumed search)
 * replaces its run instead of doubling its steps. The experiment's event file is staged the same
 * way. The folder's manifest ({@link OwnedFiles}) lists each run and event file before it moves in;
 * the board deletes or replaces only those. Calls may come from several threads.
 */
public final class SearchBoard {
  /** The hyperparameters Keras Tuner's Hyperband adds to every trial, as this search sets them. */
  static final String EPOCHS = "tuner/epochs";

  static final String BRACKET = "tuner/bracket";

  private static final String TRIAL_PREFIX = "trial_";

  /** A search's log folder: the experiment's event files, and per trial a run folder. */
  public static final Layout LAYOUT =
      Layout.folder(
          EventFiles.NAMES,
          Layout.FILE,
          TRIAL_PREFIX + "\\d+",
          Layout.folder(
              TrainingBoard.TRAIN_RUN,
              EventFiles.RUN,
              TrainingBoard.VALIDATION_RUN,
              EventFiles.RUN,
              EventFiles.NAMES,
              Layout.FILE));

  private final Path logDir;
  private final Path staging;
  private final TuneSpec spec;
  private final boolean besideForeign;
  private OwnedFiles owned;

  /**
   * Logs into {@code logDir} (created when needed, and locked by the caller unless it lies in the
   * search's folder) for a search of {@code spec}.
   *
   * @param besideForeign whether a new search may log beside files it did not write
   */
  public SearchBoard(Path logDir, TuneSpec spec, boolean besideForeign) {
    this.logDir = logDir.toAbsolutePath();
    this.staging = AtomicFiles.stagingPathFor(this.logDir);
    this.spec = spec;
    this.besideForeign = besideForeign;
  }

  /** The run folder of a trial, relative to the log folder. */
  public static String runName(Trial trial) {
    return TRIAL_PREFIX + trial.id();
  }

  /**
   * Writes the experiment summary, replacing an earlier one. A new search (not resumed) also
   * removes the trial runs an earlier search left in the log folder, and refuses a folder that
   * holds files it did not write.
   *
   * @throws UserException naming the first file in the way
   */
  public synchronized void start(boolean resumed) {
    owned = OwnedFiles.of(logDir, LAYOUT);
    if (resumed && !owned.hasManifest()) {
      owned.adopt(); // the logs of a search of the release before manifests
    }
    AtomicFiles.removeLeftoversOf(logDir);
    String why = "this search did not write; choose another --tensorboard folder or move it away";
    if (!resumed) {
      (besideForeign ? owned.firstClash(n -> LAYOUT.of(n).isPresent()) : owned.firstForeign())
          .ifPresent(
              path -> {
                throw new UserException(logDir + ": holds " + path + ", which " + why);
              });
    }
    try {
      Files.createDirectories(logDir);
      for (Path file : EventFiles.files(logDir)) {
        if (owned.owns(file.getFileName().toString())) {
          Files.delete(file);
        }
      }
      if (!resumed) {
        owned.deleteOwned(why);
      }
      Path staged = staging.resolve("experiment");
      AtomicFiles.deleteRecursively(staged);
      Files.createDirectories(staged);
      try (SummaryWriter root = SummaryWriter.open(staged)) {
        root.rawSummary(0, experiment());
      }
      List<Path> events = EventFiles.files(staged);
      owned.claim(events.stream().map(f -> f.getFileName().toString()).toList());
      for (Path file : events) {
        Files.move(file, logDir.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + logDir + ": " + e.getMessage(), e);
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
    Path target = logDir.resolve(name);
    if (Files.exists(target)) {
      Optional<Path> foreign =
          owned.owns(name)
              ? OwnedFiles.foreignIn(target, LAYOUT.of(name).orElseThrow())
              : Optional.of(target);
      foreign.ifPresent(
          path -> {
            throw new UserException(
                logDir
                    + ": holds "
                    + path
                    + ", which this search did not write and would replace; move it away");
          });
    }
    double end = System.currentTimeMillis() / 1000.0;
    try {
      AtomicFiles.deleteRecursively(staged);
      Files.createDirectories(staged);
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
      owned.claim(List.of(name));
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
    int maxEpochs = spec.maxTrialEpochs();
    hparams.add(new HParams.HParam(EPOCHS, new HParams.Interval(1, maxEpochs)));
    int brackets =
        spec.tuner().hyperband()
            ? new HyperbandSchedule(maxEpochs, spec.tuner().factor(), 1).bracketCount()
            : 1;
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
            "%s search%s, objective %s (%s); one session per trial, its epochs as steps",
            spec.tuner().hyperband() ? "Hyperband" : "Random",
            spec.tuner().samplerOrDefault().learns() ? " with TPE sampling" : "",
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
