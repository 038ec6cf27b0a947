package io.lenet5.tune;

import io.lenet5.AtomicFiles;
import io.lenet5.Json;
import io.lenet5.UserException;
import io.lenet5.data.Dataset;
import io.lenet5.data.MnistData;
import io.lenet5.data.Split;
import io.lenet5.export.ModelExporter;
import io.lenet5.export.Provenance;
import io.lenet5.spec.SearchParameter;
import io.lenet5.spec.TrainSpec;
import io.lenet5.spec.TuneSpec;
import io.lenet5.train.Checkpoint;
import io.lenet5.train.CheckpointWriter;
import io.lenet5.train.Device;
import io.lenet5.train.DivergenceCheck;
import io.lenet5.train.EpochMetrics;
import io.lenet5.train.ProgressPrinter;
import io.lenet5.train.Trainer;
import io.lenet5.train.TrainingListener;
import io.lenet5.train.TrainingSession;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Runs a search from a spec: prepares (or resumes) the output folder, drives the oracle with a
 * {@link TrialTrainer}, and writes the results and the best trial's model.
 */
public final class Tuner {
  private static final int CORES = Runtime.getRuntime().availableProcessors();
  private static final int MOST_DEFAULT_PARALLEL_TRIALS = 4;

  private final TuneSpec spec;
  private final TuneLayout layout;
  private final PrintStream log;

  /** A tuner writing into the spec's output folder and logging to {@code log}. */
  public Tuner(TuneSpec spec, PrintStream log) {
    this.spec = spec;
    this.layout = new TuneLayout(Path.of(spec.output().directory()));
    this.log = log;
  }

  /**
   * Trials trained at once on {@code device}: the spec's {@code execution.parallelTrials}, else one
   * on a GPU and {@link #parallelTrialsFor} the cores on the CPU.
   */
  public int parallelTrials(Device device) {
    Integer configured = spec.execution().parallelTrials();
    if (configured != null) {
      return configured;
    }
    return device.name().equals("cpu") ? parallelTrialsFor(CORES) : 1;
  }

  /**
   * The CPU default: one more single-threaded trial than cores, at most {@value
   * #MOST_DEFAULT_PARALLEL_TRIALS}. A session in the caller's thread keeps one core busy but leaves
   * gaps between kernels that a further session fills (measured in BENCHMARKS.md). The cap keeps
   * several cores per trial on large machines, where Hyperband's later rounds have too few trials
   * to fill one core each.
   */
  static int parallelTrialsFor(int cores) {
    return Math.min(cores + 1, MOST_DEFAULT_PARALLEL_TRIALS);
  }

  /** The device of each of {@code parallel} trials that train at once. */
  public Device trialDevice(Device device, int parallel) {
    return device.sharedBy(parallel, CORES);
  }

  /** The output folder's layout. */
  public TuneLayout layout() {
    return layout;
  }

  /** The Hyperband schedule the spec asks for. */
  public HyperbandSchedule schedule() {
    return new HyperbandSchedule(
        spec.tuner().maxEpochs(), spec.tuner().factor(), spec.tuner().iterations());
  }

  /**
   * Runs or resumes the search to its end.
   *
   * @param oracle from {@link #prepare}
   * @return the best completed trial, if any
   */
  public Optional<Trial> run(
      HyperbandOracle oracle,
      Split split,
      MnistData data,
      Device device,
      Function<Trial, List<TrainingListener>> listeners)
      throws Exception {
    int parallel = parallelTrials(device);
    Device trialDevice = trialDevice(device, parallel);
    if (parallel > 1) {
      log.printf(
          Locale.ROOT,
          "training %d trials at once, %d thread%s each%n",
          parallel,
          trialDevice.threads(),
          trialDevice.threads() == 1 ? "" : "s");
    }
    TrialExecutor trainer = new TrialTrainer(spec, split, trialDevice, layout, listeners);
    ProgressReporter progress = new ProgressReporter(oracle, schedule(), log);
    Optional<Trial> best =
        new TunerLoop(
                oracle,
                progress.around(trainer),
                TunerLoop.DEFAULT_MAX_CONSECUTIVE_FAILURES,
                parallel)
            .run();
    Results results = new Results(oracle.trials(), oracle.config().objective());
    results.write(layout);
    log.print(results.table(10));
    best.ifPresent(trial -> keepBest(trial, split, data, device));
    return best;
  }

  /**
   * Opens the output folder before any data is read: resumes the search there when the spec is the
   * same, starts over when asked, else stops with a message.
   *
   * @param overwrite start over even when the folder holds a run of another spec
   */
  public HyperbandOracle prepare(boolean overwrite) {
    TrialStore store = TrialStore.at(layout.directory());
    String fingerprint = spec.fingerprint();
    boolean startOver =
        overwrite || spec.output().ifExists() == io.lenet5.spec.OutputSettings.IfExists.OVERWRITE;
    if (store.exists()) {
      if (startOver) {
        log.println("overwriting the search in " + layout.directory());
        deleteRecursively(layout.directory());
      } else if (spec.output().ifExists() == io.lenet5.spec.OutputSettings.IfExists.FAIL) {
        throw new UserException(
            "output.directory: expected no earlier search in "
                + layout.directory()
                + " (ifExists is fail), found one; pass --overwrite or choose another folder");
      } else {
        String stored = storedFingerprint();
        if (!fingerprint.equals(stored)) {
          throw new UserException(
              layout.spec()
                  + ": the search there ran another spec (fingerprint "
                  + shortId(stored)
                  + ", this one "
                  + shortId(fingerprint)
                  + "); pass --overwrite to start over, or choose another output folder");
        }
        log.println("resuming the search in " + layout.directory());
        for (String dir : List.of("", "trials", "checkpoints", "histories")) {
          AtomicFiles.removeLeftovers(layout.directory().resolve(dir));
        }
        return HyperbandOracle.resume(store, sampler());
      }
    }
    AtomicFiles.writeString(layout.spec(), Json.write(new StoredSpec(fingerprint, spec)));
    HyperbandConfig config = new HyperbandConfig(schedule(), objective(), spec.seed());
    return HyperbandOracle.start(config, sampler(), store);
  }

  /** The oracle's view of the spec's objective. */
  Objective objective() {
    return new Objective(
        spec.objective().metric(),
        spec.objective().maximize() ? Objective.Direction.MAX : Objective.Direction.MIN);
  }

  private HyperparameterSampler sampler() {
    List<SearchParameter> space = spec.searchSpace();
    return random -> {
      Map<String, Object> values = new LinkedHashMap<>();
      space.forEach(p -> values.put(p.name(), p.sample(random)));
      return values;
    };
  }

  private String storedFingerprint() {
    try {
      return Json.MAPPER.readTree(layout.spec().toFile()).path("fingerprint").asText(null);
    } catch (IOException e) {
      throw new UserException(
          layout.spec() + ": cannot read the stored spec: " + e.getMessage(), e);
    }
  }

  /**
   * Copies the best trial's checkpoint to {@code best/}, reports it on the test set (which selected
   * nothing: validation chose the trial), and exports the model to ship to {@code best/model}
   * (SavedModel, Keras archive, metadata).
   */
  private void keepBest(Trial best, Split split, MnistData data, Device device) {
    try {
      Files.createDirectories(layout.best());
      Path checkpoint = layout.best().resolve("checkpoint.ckpt");
      byte[] bytes = Files.readAllBytes(layout.checkpoint(best.id()));
      AtomicFiles.write(checkpoint, out -> out.write(bytes));
      AtomicFiles.writeString(layout.best().resolve("trial.json"), Json.write(best));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the best model in " + layout.best(), e);
    }
    Checkpoint trialCheckpoint = Checkpoint.read(layout.best().resolve("checkpoint.ckpt"));
    BestModel model = BestModel.evaluate(best, spec, trialCheckpoint, split, data.test(), device);
    log.printf(
        Locale.ROOT,
        "best: trial %s, %s %.4f, test accuracy %.4f; %s%n",
        best.id(),
        spec.objective().metric(),
        best.score(),
        model.testAccuracy(),
        Results.describe(best.hyperparameters()));
    Checkpoint shipped = trialCheckpoint;
    if (spec.retrainOnAllData()) {
      model = retrain(best, model, split, data.test(), device);
      shipped = Checkpoint.read(layout.best().resolve("retrained.ckpt"));
    }
    AtomicFiles.writeString(layout.best().resolve("metrics.json"), Json.write(model));
    export(best, model, shipped, data);
  }

  /** Exports the shipped weights with their provenance into {@code best/model}. */
  private void export(Trial best, BestModel model, Checkpoint shipped, MnistData data) {
    Path target = layout.best().resolve("model");
    deleteRecursively(target); // from an earlier end of this search; the export replaces it
    boolean retrained = model.retrainedImages() != null;
    Provenance provenance =
        new Provenance(
            "tune, trial "
                + best.id()
                + (retrained ? ", retrained on " + model.retrainedImages() + " images" : ""),
            Json.MAPPER.valueToTree(spec),
            spec.seed(),
            Provenance.hyperparameters(model.spec().model(), model.spec().training()),
            shipped.epoch(),
            data.sha256(),
            retrained ? null : model.validationAccuracy(),
            model.shippedTestAccuracy());
    ModelExporter.export(shipped.tensors(), shipped.model(), provenance, target);
    log.println("best model exported to " + target + " (SavedModel, model.keras, metadata.json)");
  }

  /**
   * Trains the best configuration from scratch on training and validation images together, for the
   * best trial's epochs, into {@code best/retrained.ckpt}. Resumable like any run: its checkpoint
   * is written after every epoch.
   */
  private BestModel retrain(Trial best, BestModel model, Split split, Dataset test, Device device) {
    Dataset all = split.train().concat(split.validation());
    TrainSpec trainSpec = spec.trialSpec(best.hyperparameters(), best.epochs());
    Path file = layout.best().resolve("retrained.ckpt");
    log.printf(
        Locale.ROOT,
        "retraining trial %s's configuration on %,d images for %d epochs%n",
        best.id(),
        all.size(),
        best.epochs());
    try (TrainingSession session =
        new TrainingSession(trainSpec.model(), trainSpec.training(), device)) {
      List<EpochMetrics> previous = List.of();
      if (Files.exists(file)) {
        Checkpoint earlier = Checkpoint.read(file);
        session.load(earlier.tensors());
        previous = earlier.history();
      } else {
        session.initialize(spec.seed());
      }
      // Validation figures of this run are on images it trains on: a sanity check, not a score.
      new Trainer(
              trainSpec.training(),
              spec.seed(),
              List.of(
                  new DivergenceCheck(trainSpec.training().learningRate()),
                  new ProgressPrinter(log, false),
                  new CheckpointWriter(file, trainSpec.model(), trainSpec.training(), spec.seed())))
          .fit(session, all, split.validation(), previous);
      TrainingSession.Evaluation testing = session.evaluate(test, Trainer.EVAL_BATCH_SIZE);
      log.printf(
          Locale.ROOT,
          "retrained: test accuracy %.4f (the trial's own weights: %.4f)%n",
          testing.accuracy(),
          model.testAccuracy());
      return model.withRetrained(all.size(), testing);
    }
  }

  private static String shortId(String fingerprint) {
    return fingerprint == null
        ? "unknown"
        : fingerprint.substring(0, Math.min(12, fingerprint.length()));
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  /** What {@code spec.json} holds: the spec and its fingerprint. */
  record StoredSpec(String fingerprint, TuneSpec spec) {}
}
