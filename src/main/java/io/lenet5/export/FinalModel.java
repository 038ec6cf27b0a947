package io.lenet5.export;

import io.lenet5.AtomicFiles;
import io.lenet5.Json;
import io.lenet5.data.Dataset;
import io.lenet5.data.ImageData;
import io.lenet5.data.Split;
import io.lenet5.spec.TrainSpec;
import io.lenet5.spec.TuneSpec;
import io.lenet5.train.Checkpoint;
import io.lenet5.train.Device;
import io.lenet5.train.ProgressPrinter;
import io.lenet5.train.Trainer;
import io.lenet5.train.TrainingRun;
import io.lenet5.train.TrainingSession;
import io.lenet5.tune.Results;
import io.lenet5.tune.Trial;
import io.lenet5.tune.TuneFiles;
import io.lenet5.tune.TuneLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The step after a search: keeps the best trial's checkpoint in {@code best/}, reports it on the
 * test set (which selected nothing: validation chose the trial), retrains its configuration on all
 * images when the spec asks, and exports the model to ship to {@code best/model} (SavedModel, Keras
 * archive, metadata).
 */
public final class FinalModel {
  private final TuneSpec spec;
  private final TuneLayout layout;
  private final ImageData data;
  private final Device device;
  private final PrintStream log;

  /**
   * Creates the step.
   *
   * @param layout the search's folder
   * @param data the data set the search ran on
   * @param device where the test passes and the retraining run
   */
  public FinalModel(
      TuneSpec spec, TuneLayout layout, ImageData data, Device device, PrintStream log) {
    this.spec = spec;
    this.layout = layout;
    this.data = data;
    this.device = device;
    this.log = log;
  }

  /** Keeps, scores, retrains (when asked) and exports the search's best trial. */
  public BestModel build(Trial best) {
    Split split = Split.of(data, spec.data(), spec.seed());
    Path staging = TuneFiles.bestStaging(layout);
    BestModel model = buildIn(staging, best, split);
    // The old best/ stays whole until the new one is complete.
    AtomicFiles.replaceFolder(staging, layout.best());
    return model;
  }

  /**
   * Builds the new {@code best/} in {@code dir}, beside the old one. A staging folder of an
   * interrupted build for the same trial is continued (its retraining resumes); one for another
   * trial is discarded.
   */
  private BestModel buildIn(Path dir, Trial best, Split split) {
    String trialJson = Json.write(best);
    try {
      if (!trialJson.equals(readOrNull(dir.resolve("trial.json")))) {
        AtomicFiles.deleteRecursively(dir);
      }
      Files.createDirectories(dir);
      Path retrained = dir.resolve("retrained.ckpt");
      Path earlier = layout.best().resolve("retrained.ckpt");
      if (!Files.exists(retrained)
          && Files.exists(earlier)
          && trialJson.equals(readOrNull(layout.best().resolve("trial.json")))) {
        Files.copy(earlier, retrained); // a finished search run again keeps its retraining
      }
      byte[] bytes = Files.readAllBytes(layout.checkpoint(best.id()));
      AtomicFiles.write(dir.resolve("checkpoint.ckpt"), out -> out.write(bytes));
      AtomicFiles.writeString(dir.resolve("trial.json"), trialJson);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot keep the best model in " + dir + ": " + e.getMessage(), e);
    }
    Checkpoint trialCheckpoint = Checkpoint.read(dir.resolve("checkpoint.ckpt"));
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
      model = retrain(dir.resolve("retrained.ckpt"), best, model, split, data.test());
      shipped = Checkpoint.read(dir.resolve("retrained.ckpt"));
    }
    AtomicFiles.writeString(dir.resolve("metrics.json"), Json.write(model));
    export(dir.resolve("model"), best, model, shipped);
    return model;
  }

  private static String readOrNull(Path file) throws IOException {
    return Files.isRegularFile(file) ? Files.readString(file) : null;
  }

  /** Exports the shipped weights with their provenance into {@code target}. */
  private void export(Path target, Trial best, BestModel model, Checkpoint shipped) {
    AtomicFiles.deleteRecursively(target); // from an interrupted build in the staging folder
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
    ModelExporter.export(
        shipped.tensors(), shipped.model(), data.name(), data.classNames(), provenance, target);
    log.println(
        "best model exported to "
            + layout.best().resolve("model")
            + " (SavedModel, model.keras, metadata.json)");
  }

  /**
   * Trains the best configuration from scratch on training and validation images together, for the
   * best trial's epochs, into {@code file}. Resumable like any run: its checkpoint is written after
   * every epoch.
   */
  private BestModel retrain(Path file, Trial best, BestModel model, Split split, Dataset test) {
    Dataset all = split.train().concat(split.validation());
    TrainSpec trainSpec = spec.trialSpec(best.hyperparameters(), best.epochs());
    log.printf(
        Locale.ROOT,
        "retraining trial %s's configuration on %,d images for %d epochs%n",
        best.id(),
        all.size(),
        best.epochs());
    TrainingRun run =
        Files.exists(file)
            ? TrainingRun.resume(
                trainSpec.model(),
                trainSpec.training(),
                trainSpec.seed(),
                Checkpoint.read(file),
                file.toString())
            : TrainingRun.fresh(trainSpec.model(), trainSpec.training(), trainSpec.seed());
    try (TrainingSession session = run.open(device)) {
      // Validation figures of this run are on images it trains on: a sanity check, not a score.
      run.fit(
          session,
          all,
          split.validation(),
          List.of(new ProgressPrinter(log, false), run.checkpointTo(file)));
      TrainingSession.Evaluation testing = session.evaluate(test, Trainer.EVAL_BATCH_SIZE);
      log.printf(
          Locale.ROOT,
          "retrained: test accuracy %.4f (the trial's own weights: %.4f)%n",
          testing.accuracy(),
          model.testAccuracy());
      return model.withRetrained(all.size(), testing);
    }
  }
}
