package io.lenet5.cli;

import io.lenet5.Json;
import io.lenet5.UserException;
import io.lenet5.bench.Bench;
import io.lenet5.bench.BenchConfig;
import io.lenet5.bench.BenchReport;
import io.lenet5.bench.BenchText;
import io.lenet5.bench.PeakFlops;
import io.lenet5.data.DataConfig;
import io.lenet5.data.Dataset;
import io.lenet5.data.Split;
import io.lenet5.model.ModelConfig;
import io.lenet5.spec.TrainSpec;
import io.lenet5.train.TrainingConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code bench}: training and inference throughput, FLOP/s, memory, per variant. */
final class BenchCommand extends Command {
  BenchCommand() {
    super(
        "bench",
        "measure training/inference images/s, GFLOP/s and memory on this machine",
        "lenet5 bench [options]",
        "Measures LeNet-5 training and inference on MNIST for the default configuration and"
            + " its alternatives (threads, parallel sessions); progress goes to stderr.");
  }

  @Override
  Options options() {
    return DataLoader.addLocationOptions(new Options())
        .addOption(Flags.valued("batch-size", "N", "training batch size (default 128)"))
        .addOption(
            Flags.valued("steps", "N", "training steps per variant per repeat (default 200)"))
        .addOption(
            Flags.valued("repeats", "N", "rounds over all variants, interleaved (default 3)"))
        .addOption(Flags.valued("warmup", "N", "untimed steps per variant first (default 20)"))
        .addOption(
            Flags.valued(
                "threads", "N", "intra-op threads of the default variant (default: all cores)"))
        .addOption(
            Flags.valued(
                "variants",
                "all|default",
                "measure every variant (default) or the default configuration only"))
        .addOption(
            Flags.valued(
                "profile", "N", "also trace N steps and print time per kernel (default 0)"))
        .addOption(
            Flags.valued(
                "churn",
                "N",
                "create and close N sessions in a row, reporting RSS first/last (default 30)"))
        .addOption(
            Flags.valued(
                "fma-units", "N", "FMA units per core assumed for the FP32 peak (default 2)"))
        .addOption(
            Flags.valued(
                "clock-ghz",
                "GHZ",
                "clock for the FP32 peak, "
                    + PeakFlops.MIN_CLOCK_GHZ
                    + " to "
                    + PeakFlops.MAX_CLOCK_GHZ
                    + " (default: detected)"))
        .addOption(
            Flags.valued(
                "spec",
                "FILE",
                "training spec whose model section every variant trains (default: LeNet-5)"))
        .addOption(Flags.flag("json", "print the report as JSON"));
  }

  @Override
  int run(CommandLine line, PrintStream out, PrintStream err) throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    Double clock = Flags.doubleValue(line, "clock-ghz");
    if (clock != null && !(clock >= PeakFlops.MIN_CLOCK_GHZ && clock <= PeakFlops.MAX_CLOCK_GHZ)) {
      throw new UserException(
          "--clock-ghz: expected a clock in "
              + PeakFlops.MIN_CLOCK_GHZ
              + ".."
              + PeakFlops.MAX_CLOCK_GHZ
              + " GHz, got "
              + clock);
    }
    DeviceChoice.checkThreads(Flags.intValue(line, "threads"));
    ModelConfig model =
        line.hasOption("spec")
            ? Json.read(Path.of(line.getOptionValue("spec")), TrainSpec.class).model()
            : ModelConfig.DEFAULT;
    BenchConfig flagged =
        new BenchConfig(
            atLeast(line, "batch-size", TrainingConfig.DEFAULT.batchSize(), 1),
            atLeast(line, "steps", 200, 1),
            atLeast(line, "repeats", 3, 1),
            atLeast(line, "warmup", 20, 0),
            atLeast(line, "threads", cores, 1),
            allVariants(line.getOptionValue("variants", "all")),
            atLeast(line, "profile", 0, 0),
            atLeast(line, "churn", 30, 0),
            atLeast(line, "fma-units", PeakFlops.DEFAULT_FMA_UNITS, 1),
            clock == null ? 0 : clock,
            42,
            model);
    DataConfig data = DataLoader.withFlags(DataConfig.DEFAULT, line);
    Split split = Split.of(DataLoader.load(data), data, 42);
    Dataset train = split.train();
    BenchConfig config =
        flagged.withModel(model.forData(train.height(), train.width(), train.classes()));

    if (config.batchSize() > split.train().size()) {
      throw new UserException(
          "--batch-size: expected at most "
              + split.train().size()
              + " (the training images), got "
              + config.batchSize());
    }
    BenchReport report = new Bench(config, err::println).run(split);
    out.print(line.hasOption("json") ? Json.write(report) : BenchText.format(report));
    return 0;
  }

  private static boolean allVariants(String value) {
    return switch (value) {
      case "all" -> true;
      case "default" -> false;
      default ->
          throw new UserException(
              "--variants: expected one of all, default, got '" + UserException.shown(value) + "'");
    };
  }

  private static int atLeast(CommandLine line, String name, int fallback, int min) {
    Integer value = Flags.intValue(line, name);
    if (value == null) {
      return fallback;
    }
    if (value < min) {
      throw new UserException("--" + name + ": must be >= " + min + ", got " + value);
    }
    return value;
  }
}
