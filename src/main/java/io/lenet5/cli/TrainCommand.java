package io.lenet5.cli;

import io.lenet5.AtomicFiles;
import io.lenet5.BuildInfo;
import io.lenet5.UserException;
import io.lenet5.data.DataConfig;
import io.lenet5.data.MnistData;
import io.lenet5.data.Split;
import io.lenet5.model.Activation;
import io.lenet5.model.LeNet5;
import io.lenet5.model.ModelConfig;
import io.lenet5.model.Pooling;
import io.lenet5.spec.SpecJson;
import io.lenet5.spec.TrainSpec;
import io.lenet5.train.Checkpoint;
import io.lenet5.train.CheckpointWriter;
import io.lenet5.train.Device;
import io.lenet5.train.DivergenceCheck;
import io.lenet5.train.EpochMetrics;
import io.lenet5.train.LearningRateSchedule;
import io.lenet5.train.OptimizerKind;
import io.lenet5.train.ProgressPrinter;
import io.lenet5.train.Trainer;
import io.lenet5.train.TrainingConfig;
import io.lenet5.train.TrainingSession;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code train}: trains one LeNet-5 from a spec and/or flags, with checkpoints and metrics. */
final class TrainCommand implements Command {
  static final String CHECKPOINT = "checkpoint.ckpt";
  static final String METRICS = "metrics.json";
  static final String SPEC = "spec.json";

  @Override
  public String name() {
    return "train";
  }

  @Override
  public String summary() {
    return "train LeNet-5 on MNIST from a JSON spec and/or flags";
  }

  private static Options options() {
    return DeviceChoice.addOptions(DataLoader.addOptions(new Options()))
        .addOption(Flags.valued("spec", "FILE", "training spec (JSON); flags override its values"))
        .addOption(Flags.valued("learning-rate", "RATE", "learning rate (default 0.001)"))
        .addOption(Flags.valued("batch-size", "N", "batch size (default 128)"))
        .addOption(Flags.valued("epochs", "N", "number of epochs (default 10)"))
        .addOption(Flags.valued("optimizer", "NAME", "adam (default) or sgd (with momentum)"))
        .addOption(
            Flags.valued(
                "schedule", "NAME", "learning-rate schedule: constant (default) or cosine"))
        .addOption(
            Flags.valued(
                "augment-shift",
                "PIXELS",
                "shift training images randomly by up to this many pixels (default 0)"))
        .addOption(Flags.valued("activation", "NAME", "relu (default) or tanh"))
        .addOption(Flags.valued("pooling", "NAME", "average (default) or max"))
        .addOption(
            Flags.valued("seed", "N", "seed for split, initialisation and data order (default 42)"))
        .addOption(Flags.valued("out", "DIR", "output folder (default runs/train-<time>)"))
        .addOption(
            Flags.flag("resume", "continue the checkpoint in --out instead of starting anew"))
        .addOption(Flags.flag("help", "show this help"));
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    CommandLine line =
        Flags.parse(
            args,
            options(),
            out,
            "lenet5 train [options]",
            "Trains LeNet-5 on MNIST; writes a checkpoint after each epoch and metrics.json at the end.");
    if (line == null) {
      return 0;
    }
    Flags.requireNoArguments(line, "train");
    TrainSpec spec = spec(line);
    DeviceChoice deviceChoice = DeviceChoice.from(line);
    Path outDir = line.hasOption("out") ? Path.of(line.getOptionValue("out")) : defaultOutDir();
    Path checkpointFile = outDir.resolve(CHECKPOINT);
    Checkpoint resumed = null;
    if (line.hasOption("resume")) {
      AtomicFiles.removeLeftovers(outDir);
      resumed = Checkpoint.read(checkpointFile);
      checkResumable(resumed, spec, checkpointFile);
    } else if (Files.exists(checkpointFile)) {
      throw new UserException(
          "--out "
              + outDir
              + ": holds a checkpoint already; pass --resume to"
              + " continue it, or choose another folder");
    }

    MnistData data = DataLoader.load(spec.data());
    Split split = Split.of(data, spec.data(), spec.seed());
    Device device = deviceChoice.resolve(err);
    Files.createDirectories(outDir);
    AtomicFiles.writeString(outDir.resolve(SPEC), SpecJson.write(spec));
    err.printf(
        Locale.ROOT,
        "training on %s: %,d train / %,d validation images, %s, output in %s%n",
        device.name(),
        split.train().size(),
        split.validation().size(),
        describe(spec),
        outDir);

    TrainingConfig training = spec.training();
    try (TrainingSession session = new TrainingSession(spec.model(), training, device)) {
      List<EpochMetrics> previous = List.of();
      if (resumed == null) {
        session.initialize(spec.seed());
      } else {
        session.load(resumed.tensors());
        previous = resumed.history();
        err.printf("resuming after epoch %d of %d%n", resumed.epoch(), training.epochs());
      }
      Trainer trainer =
          new Trainer(
              training,
              spec.seed(),
              List.of(
                  new DivergenceCheck(training.learningRate()),
                  new ProgressPrinter(err, System.console() != null),
                  new CheckpointWriter(checkpointFile, spec.model(), training, spec.seed())));
      List<EpochMetrics> history =
          trainer.fit(session, split.train(), split.validation(), previous);
      TrainingSession.Evaluation validation =
          session.evaluate(split.validation(), Trainer.EVAL_BATCH_SIZE);
      TrainingSession.Evaluation test = session.evaluate(data.test(), Trainer.EVAL_BATCH_SIZE);
      TrainReport report =
          new TrainReport(
              spec,
              device.name(),
              LeNet5.parameterCount(),
              split.train().size(),
              split.validation().size(),
              data.test().size(),
              data.sha256(),
              BuildInfo.versions(),
              history,
              validation.loss(),
              validation.accuracy(),
              test.loss(),
              test.accuracy(),
              median(history, true),
              median(history, false));
      AtomicFiles.writeString(outDir.resolve(METRICS), SpecJson.write(report));
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
            ? SpecJson.read(Path.of(line.getOptionValue("spec")), TrainSpec.class)
            : TrainSpec.DEFAULT;
    Long seed = Flags.longValue(line, "seed");
    if (seed != null) {
      spec = spec.withSeed(seed);
    }
    DataConfig data = DataLoader.withFlags(spec.data(), line);
    ModelConfig model = spec.model();
    Activation activation = Flags.parsed(line, "activation", Activation::parse);
    Pooling pooling = Flags.parsed(line, "pooling", Pooling::parse);
    model =
        new ModelConfig(
            activation == null ? model.activation() : activation,
            pooling == null ? model.pooling() : pooling);
    TrainingConfig training = spec.training();
    OptimizerKind optimizer = Flags.parsed(line, "optimizer", OptimizerKind::parse);
    Double rate = Flags.doubleValue(line, "learning-rate");
    Integer batch = Flags.intValue(line, "batch-size");
    Integer epochs = Flags.intValue(line, "epochs");
    LearningRateSchedule schedule = Flags.parsed(line, "schedule", LearningRateSchedule::parse);
    Integer shift = Flags.intValue(line, "augment-shift");
    training =
        new TrainingConfig(
            optimizer == null ? training.optimizer() : optimizer,
            rate == null ? training.learningRate() : rate,
            training.momentum(),
            batch == null ? training.batchSize() : batch,
            epochs == null ? training.epochs() : epochs,
            schedule == null ? training.schedule() : schedule,
            training.decayEpochs(),
            shift == null ? training.augmentShift() : shift);
    return spec.withData(data).withModel(model).withTraining(training);
  }

  private static void checkResumable(Checkpoint checkpoint, TrainSpec spec, Path file) {
    if (!checkpoint.model().equals(spec.model())
        || checkpoint.seed() != spec.seed()
        || checkpoint.training().optimizer() != spec.training().optimizer()) {
      throw new UserException(
          file
              + ": written for model "
              + checkpoint.model()
              + ", seed "
              + checkpoint.seed()
              + ", optimizer "
              + checkpoint.training().optimizer().specName()
              + "; the run asks for "
              + spec.model()
              + ", seed "
              + spec.seed()
              + ", optimizer "
              + spec.training().optimizer().specName());
    }
    if (checkpoint.epoch() >= spec.training().epochs()) {
      throw new UserException(
          file
              + ": already holds "
              + checkpoint.epoch()
              + " epochs; pass a larger --epochs to train further");
    }
  }

  private static String describe(TrainSpec spec) {
    TrainingConfig t = spec.training();
    return String.format(
        Locale.ROOT,
        "%s lr %s (%s), batch %d, %d epochs, shifts up to %d px, %s/%s, seed %d",
        t.optimizer().specName(),
        BigDecimal.valueOf(t.learningRate()).stripTrailingZeros().toPlainString(),
        t.schedule().specName(),
        t.batchSize(),
        t.epochs(),
        t.augmentShift(),
        spec.model().activation().kerasName(),
        spec.model().pooling().specName(),
        spec.seed());
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
