package io.lenet5.cli;

import io.lenet5.UserException;
import io.lenet5.data.DataConfig;
import io.lenet5.data.MnistData;
import io.lenet5.data.Split;
import io.lenet5.spec.OutputSettings;
import io.lenet5.spec.SpecJson;
import io.lenet5.spec.TuneSpec;
import io.lenet5.train.Device;
import io.lenet5.train.DeviceRequest;
import io.lenet5.train.ProgressPrinter;
import io.lenet5.tune.Calibration;
import io.lenet5.tune.HyperbandOracle;
import io.lenet5.tune.Trial;
import io.lenet5.tune.Tuner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Options;

/** {@code tune}: a Hyperband search from a JSON spec, resumable after a kill. */
final class TuneCommand implements Command {
  @Override
  public String name() {
    return "tune";
  }

  @Override
  public String summary() {
    return "search hyperparameters with Hyperband from a JSON spec (resumable)";
  }

  private static Options options() {
    return new Options()
        .addOption(Flags.valued("spec", "FILE", "search spec (JSON), e.g. tuning-specs/lenet5-hyperband.json"))
        .addOption(Flags.valued("data-dir", "DIR", "folder with the MNIST files (default: $LENET5_DATA_DIR, then ~/.cache/lenet5/mnist, downloading if absent)"))
        .addOption(Flags.flag("skip-verify", "do not check the files against MNIST's SHA-256s"))
        .addOption(Flags.valued("max-train-images", "N", "train every trial on the first N training images only (quick runs)"))
        .addOption(Flags.valued("device", "cpu|gpu|auto", "where to train (default auto)"))
        .addOption(Flags.valued("threads", "N", "CPU threads per op (default: all cores)"))
        .addOption(Flags.valued("out", "DIR", "output folder (default: the spec's output.directory)"))
        .addOption(Flags.flag("overwrite", "delete an earlier search in the output folder and start over"))
        .addOption(Flags.flag("dry-run", "print the bracket table and an estimated wall time, train nothing"))
        .addOption(Flags.flag("help", "show this help"));
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    Options options = options();
    CommandLine line = new DefaultParser().parse(options, args);
    if (line.hasOption("help")) {
      Flags.printHelp(out, "lenet5 tune --spec FILE [options]",
          "Runs a Hyperband search; kill it at any time and run the same command to resume.", options);
      return 0;
    }
    if (!line.hasOption("spec")) {
      throw new UserException("tune: --spec FILE is required (e.g. tuning-specs/lenet5-hyperband.json)");
    }
    TuneSpec spec = SpecJson.read(Path.of(line.getOptionValue("spec")), TuneSpec.class);
    spec = withOverrides(spec, line);
    Tuner tuner = new Tuner(spec, err);
    DeviceRequest request = line.hasOption("device")
        ? DeviceRequest.parse(line.getOptionValue("device")) : DeviceRequest.AUTO;
    Integer threads = Flags.intValue(line, "threads");
    if (threads != null && threads < 1) {
      throw new UserException("--threads: must be >= 1, got " + threads);
    }
    if (line.hasOption("dry-run")) {
      out.print(tuner.schedule().table());
    }
    HyperbandOracle oracle = line.hasOption("dry-run") ? null : tuner.prepare(line.hasOption("overwrite"));
    MnistData data = DataLoader.load(spec.data());
    Split split = DataLoader.split(data, spec.data(), spec.seed());
    Device device = Device.resolve(request, threads == null ? 0 : threads, err::println);
    if (oracle == null) {
      Calibration.Estimate estimate = Calibration.estimate(spec, tuner.schedule(), split, device);
      out.println(estimate.describe());
      return 0;
    }
    err.printf(Locale.ROOT, "tuning on %s: %d trials, %d epochs in all, %,d train / %,d validation images; output in %s%n",
        device.name(), tuner.schedule().totalTrials(), tuner.schedule().epochsWithResume(),
        split.train().size(), split.validation().size(), tuner.layout().directory());
    Optional<Trial> best = tuner.run(oracle, split, device,
        List.of(new ProgressPrinter(err, System.console() != null)));
    if (best.isEmpty()) {
      err.println("error: no trial completed");
      return 1;
    }
    out.printf(Locale.ROOT, "best trial %s: %s %.4f; results in %s%n", best.get().id(),
        spec.objective().metric(), best.get().score(), tuner.layout().directory());
    return 0;
  }

  private static TuneSpec withOverrides(TuneSpec spec, CommandLine line) {
    DataConfig data = spec.data();
    if (line.hasOption("data-dir")) {
      data = data.withDir(line.getOptionValue("data-dir"));
    }
    if (line.hasOption("skip-verify")) {
      data = data.withVerifyChecksums(false);
    }
    Integer maxTrain = Flags.intValue(line, "max-train-images");
    if (maxTrain != null) {
      data = data.withMaxTrainImages(maxTrain);
    }
    spec = spec.withData(data);
    if (line.hasOption("out")) {
      spec = spec.withOutput(new OutputSettings(line.getOptionValue("out"), spec.output().ifExists()));
    }
    return spec;
  }
}
