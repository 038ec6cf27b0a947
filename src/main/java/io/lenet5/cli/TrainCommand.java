package io.lenet5.cli;

import io.lenet5.AtomicFiles;
import io.lenet5.BuildInfo;
import io.lenet5.Json;
import io.lenet5.OutputLock;
import io.lenet5.OwnedFiles;
import io.lenet5.OwnedFiles.Layout;
import io.lenet5.UserException;
import io.lenet5.board.LearningCurves;
import io.lenet5.board.TrainingBoard;
import io.lenet5.data.DataRecord;
import io.lenet5.data.ImageData;
import io.lenet5.data.Split;
import io.lenet5.export.Provenance;
import io.lenet5.spec.TrainSpec;
import io.lenet5.train.Checkpoint;
import io.lenet5.train.Device;
import io.lenet5.train.EpochMetrics;
import io.lenet5.train.LegacyCheckpoints;
import io.lenet5.train.ProgressPrinter;
import io.lenet5.train.Trainer;
import io.lenet5.train.TrainingListener;
import io.lenet5.train.TrainingRun;
import io.lenet5.train.TrainingSession;
import io.lenet5.tune.Results;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code train}: trains one LeNet-5 from a spec and/or flags, with checkpoints and metrics. */
final class TrainCommand extends Command {
  static final String CHECKPOINT = "checkpoint.ckpt";
  static final String METRICS = "metrics.json";
  static final String SPEC = "spec.json";

  /** What a train run writes in its folder; {@code logs} only when TensorBoard logs go there. */
  private static final List<String> NAMES =
      List.of(
          CHECKPOINT,
          SPEC,
          METRICS,
          DataRecord.FILE,
          LearningCurves.FILE,
          BoardFlags.DEFAULT_FOLDER);

  private static final Layout LAYOUT =
      Layout.folder(
          Pattern.quote(CHECKPOINT), Layout.FILE,
          Pattern.quote(SPEC), Layout.FILE,
          Pattern.quote(METRICS), Layout.FILE,
          Pattern.quote(DataRecord.FILE), Layout.FILE,
          Pattern.quote(LearningCurves.FILE), Layout.FILE,
          Pattern.quote(BoardFlags.DEFAULT_FOLDER), TrainingBoard.LAYOUT);

  TrainCommand() {
    super(
        "train",
        "train LeNet-5 on MNIST or another data set from a JSON spec and/or flags",
        "lenet5 train [options]",
        "Trains LeNet-5 on MNIST (or --dataset, --data-format folder); writes a checkpoint after each epoch and metrics.json at the end.");
  }

  @Override
  Options options() {
    return HyperparameterFlags.addOptions(
            DeviceChoice.addOptions(DataLoader.addOptions(new Options())))
        .addOption(Flags.valued("spec", "FILE", "training spec (JSON); flags override its values"))
        .addOption(
            Flags.valued(
                "seed",
                "N",
                "seed for split, initialisation and data order (default "
                    + TrainSpec.DEFAULT.seed()
                    + ")"))
        .addOption(Flags.valued("out", "DIR", "output folder (default runs/train-<time>)"))
        .addOption(
            Flags.flag("resume", "continue the checkpoint in --out instead of starting anew"))
        .addOption(
            Flags.valued("tensorboard", "DIR", "TensorBoard log folder (default <out>/logs)"))
        .addOption(Flags.flag("no-tensorboard", "write no TensorBoard logs"))
        .addOption(Flags.flag(Flags.ALLOW_FOREIGN, Flags.ALLOW_FOREIGN_HELP));
  }

  @Override
  int run(CommandLine line, PrintStream out, PrintStream err) throws Exception {
    TrainSpec spec = spec(line);
    DeviceChoice deviceChoice = DeviceChoice.from(line);
    Path outDir =
        line.hasOption("out")
            ? Flags.outputFolder("--out", line.getOptionValue("out"))
            : defaultOutDir();
    Path logDir = BoardFlags.logDir(line, outDir);
    // Data before the folder: a bad data file changes nothing on disk.
    ImageData data = DataLoader.load(spec.data());
    spec = spec.fittedTo(data.train());
    Split split = Split.of(data, spec.data(), spec.seed());
    DataLoader.checkBatchSize(spec.training().batchSize(), split.train());
    // Read before the lock leaves its file, which marks a folder of a build with checksums.
    boolean beforeChecksums = !LegacyCheckpoints.writtenWithChecksums(outDir);
    try (OutputLock lock = OutputLock.acquire(outDir, "train");
        OutputLock logLock = BoardFlags.lock(logDir, outDir, "train")) {
      if (beforeChecksums) {
        LegacyCheckpoints.adopt(List.of(outDir.resolve(CHECKPOINT)))
            .forEach(
                f -> err.println("note: " + f + ", from a build before checksums, now has one"));
      }
      AtomicFiles.removeLeftovers(outDir);
      return train(
          new Folders(
              outDir, logDir, line.hasOption("resume"), line.hasOption(Flags.ALLOW_FOREIGN)),
          spec,
          data,
          split,
          deviceChoice,
          out,
          err);
    }
  }

  /** Where a run writes, and how it may treat what it finds there. */
  private record Folders(Path out, Path logs, boolean resume, boolean besideForeign) {
    /**
     * Refuses a folder that holds what train did not write (with {@code --resume} or {@code
     * --allow-foreign-files}, only what it would replace), then lists what the run writes there.
     */
    void claim() {
      boolean defaultLogs =
          logs != null
              && logs.toAbsolutePath()
                  .normalize()
                  .equals(out.toAbsolutePath().normalize().resolve(BoardFlags.DEFAULT_FOLDER));
      claim(
          out,
          LAYOUT,
          NAMES.stream().filter(n -> defaultLogs || !n.equals(BoardFlags.DEFAULT_FOLDER)).toList());
      if (logs != null) {
        claim(
            logs,
            TrainingBoard.LAYOUT,
            List.of(TrainingBoard.TRAIN_RUN, TrainingBoard.VALIDATION_RUN));
      }
    }

    private void claim(Path folder, Layout layout, List<String> names) {
      OwnedFiles files = OwnedFiles.of(folder, layout);
      if (resume && !files.hasManifest()) {
        files.adopt(); // a run of the release before manifests; the checkpoint read proves it
      }
      boolean beside = resume || besideForeign;
      (beside ? files.firstClash(names::contains) : files.firstForeign())
          .ifPresent(
              path -> {
                throw new UserException(
                    folder
                        + ": holds "
                        + path
                        + ", which train did not write; "
                        + (beside
                            ? "train would replace it, so move it away or choose another folder"
                            : "choose a new or empty folder, or pass --"
                                + Flags.ALLOW_FOREIGN
                                + " to write beside other files"));
              });
      files.claim(names);
    }
  }

  private static int train(
      Folders folders,
      TrainSpec spec,
      ImageData data,
      Split split,
      DeviceChoice deviceChoice,
      PrintStream out,
      PrintStream err) {
    boolean resume = folders.resume();
    Path outDir = folders.out();
    Path logDir = folders.logs();
    Path checkpointFile = outDir.resolve(CHECKPOINT);
    TrainingRun run = TrainingRun.fresh(spec.model(), spec.training(), spec.seed());
    if (resume) {
      Checkpoint resumed = Checkpoint.read(checkpointFile);
      run =
          TrainingRun.resume(
              spec.model(), spec.training(), spec.seed(), resumed, checkpointFile.toString());
      if (resumed.epoch() == spec.training().epochs()) {
        throw new UserException(
            checkpointFile
                + ": already holds "
                + resumed.epoch()
                + " epochs; pass a larger --epochs to train further");
      }
    } else if (Files.exists(checkpointFile)) {
      throw new UserException(
          "--out "
              + outDir
              + ": holds a checkpoint already; pass --resume to"
              + " continue it, or choose another folder");
    }

    folders.claim();
    if (resume) {
      DataRecord.requireSameOrRecord(
          outDir,
          data,
          "the run in " + outDir,
          "point --data-dir at that data, or train anew into another --out folder",
          err);
    }
    Device device = deviceChoice.resolve(err);
    err.printf(
        Locale.ROOT,
        "training on %s: %,d train / %,d validation images, %s, output in %s%n",
        device.name(),
        split.train().size(),
        split.validation().size(),
        describe(spec),
        outDir);

    try (TrainingSession session = run.open(device);
        TrainingBoard board =
            logDir == null
                ? null
                : new TrainingBoard(
                    logDir,
                    spec.training(),
                    split.train(),
                    split.validation(),
                    spec.seed(),
                    run.initialEpoch() > 0)) {
      if (run.initialEpoch() > 0) {
        err.printf("resuming after epoch %d of %d%n", run.initialEpoch(), spec.training().epochs());
      }
      // Written once the run is known to start: a refused resume leaves the old spec in place.
      AtomicFiles.writeString(outDir.resolve(SPEC), Json.write(spec));
      if (!resume) {
        DataRecord.write(outDir, data); // before the first checkpoint, which --resume reads
      }
      int epochs = spec.training().epochs();
      Interruption.saved(Interruption.train(run.initialEpoch(), epochs, outDir));
      List<TrainingListener> listeners =
          new ArrayList<>(
              List.of(
                  new ProgressPrinter(err, System.console() != null),
                  run.checkpointTo(checkpointFile),
                  Interruption.afterCheckpoint(epochs, outDir)));
      if (board != null) {
        listeners.add(board); // after the checkpoint: the logs never get ahead of it
      }
      List<EpochMetrics> history = run.fit(session, split.train(), split.validation(), listeners);
      TrainingSession.Evaluation validation =
          session.evaluate(split.validation(), Trainer.EVAL_BATCH_SIZE);
      TrainingSession.Evaluation test = session.evaluate(data.test(), Trainer.EVAL_BATCH_SIZE);
      TrainReport report =
          new TrainReport(
              spec,
              device.name(),
              session.net().parameterCount(),
              split.train().size(),
              split.validation().size(),
              data.test().size(),
              data.sha256(),
              data.name(),
              data.classNames(),
              BuildInfo.versions(),
              history,
              validation.loss(),
              validation.accuracy(),
              test.loss(),
              test.accuracy(),
              median(history, true),
              median(history, false));
      AtomicFiles.writeString(outDir.resolve(METRICS), Json.write(report));
      LearningCurves.write(history, "LeNet-5", outDir.resolve(LearningCurves.FILE));
      out.printf(
          Locale.ROOT,
          "test accuracy %.4f (loss %.4f), validation accuracy %.4f; %,.0f img/s, %.1f s/epoch; written to %s%n",
          test.accuracy(),
          test.loss(),
          validation.accuracy(),
          report.imagesPerSecond(),
          report.secondsPerEpoch(),
          outDir);
    }
    return 0;
  }

  private static TrainSpec spec(CommandLine line) {
    TrainSpec spec =
        line.hasOption("spec")
            ? Json.read(Path.of(line.getOptionValue("spec")), TrainSpec.class)
            : TrainSpec.DEFAULT;
    Long seed = Flags.longValue(line, "seed");
    if (seed != null) {
      spec = spec.withSeed(seed);
    }
    return HyperparameterFlags.apply(spec.withData(DataLoader.withFlags(spec.data(), line)), line);
  }

  /** Every hyperparameter of the run, as {@code name=value} pairs, and the seed. */
  private static String describe(TrainSpec spec) {
    return Results.describe(Provenance.hyperparameters(spec.model(), spec.training()))
        + " seed="
        + spec.seed();
  }

  private static double median(List<EpochMetrics> history, boolean throughput) {
    double[] values =
        history.stream()
            .mapToDouble(m -> throughput ? m.imagesPerSecond() : m.epochSeconds())
            .sorted()
            .toArray();
    return values.length == 0 ? Double.NaN : values[values.length / 2];
  }

  private static Path defaultOutDir() {
    return Path.of(
        "runs",
        "train-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }
}
