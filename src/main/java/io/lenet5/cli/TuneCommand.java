package io.lenet5.cli;

import io.lenet5.Json;
import io.lenet5.UserException;
import io.lenet5.data.MnistData;
import io.lenet5.data.Split;
import io.lenet5.spec.OutputSettings;
import io.lenet5.spec.TuneSpec;
import io.lenet5.train.Device;
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
    return DeviceChoice.addOptions(DataLoader.addOptions(new Options()))
        .addOption(
            Flags.valued(
                "spec", "FILE", "search spec (JSON), e.g. tuning-specs/lenet5-hyperband.json"))
        .addOption(
            Flags.valued("out", "DIR", "output folder (default: the spec's output.directory)"))
        .addOption(
            Flags.flag("overwrite", "delete an earlier search in the output folder and start over"))
        .addOption(
            Flags.flag(
                "dry-run", "print the bracket table and an estimated wall time, train nothing"))
        .addOption(Flags.flag("help", "show this help"));
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    CommandLine line =
        Flags.parse(
            args,
            options(),
            out,
            "lenet5 tune --spec FILE [options]",
            "Runs a Hyperband search; kill it at any time and run the same command to resume.");
    if (line == null) {
      return 0;
    }
    if (!line.hasOption("spec")) {
      throw new UserException(
          "tune: --spec FILE is required (e.g. tuning-specs/lenet5-hyperband.json)");
    }
    TuneSpec spec = Json.read(Path.of(line.getOptionValue("spec")), TuneSpec.class);
    spec = withOverrides(spec, line);
    Tuner tuner = new Tuner(spec, err);
    DeviceChoice deviceChoice = DeviceChoice.from(line);
    if (line.hasOption("dry-run")) {
      out.print(tuner.schedule().table());
    }
    HyperbandOracle oracle =
        line.hasOption("dry-run") ? null : tuner.prepare(line.hasOption("overwrite"));
    MnistData data = DataLoader.load(spec.data());
    Split split = DataLoader.split(data, spec.data(), spec.seed());
    Device device = deviceChoice.resolve(err);
    if (oracle == null) {
      int parallel = tuner.parallelTrials(device);
      Calibration.Estimate estimate =
          Calibration.estimate(
              spec, tuner.schedule(), split, tuner.trialDevice(device, parallel), parallel);
      out.println(estimate.describe());
      return 0;
    }
    err.printf(
        Locale.ROOT,
        "tuning on %s: %d trials, %d epochs in all, %,d train / %,d validation images; output in %s%n",
        device.name(),
        tuner.schedule().totalTrials(),
        tuner.schedule().epochsWithResume(),
        split.train().size(),
        split.validation().size(),
        tuner.layout().directory());
    // Trials that train at once print plain lines, each marked with its trial.
    boolean labelled = tuner.parallelTrials(device) > 1;
    boolean live = System.console() != null && !labelled;
    Optional<Trial> best =
        tuner.run(
            oracle,
            split,
            data,
            device,
            trial ->
                List.of(
                    new ProgressPrinter(err, live, labelled ? "trial " + trial.id() + " " : "")));
    if (best.isEmpty()) {
      err.println("error: no trial completed");
      return 1;
    }
    out.printf(
        Locale.ROOT,
        "best trial %s: %s %.4f; results in %s%n",
        best.get().id(),
        spec.objective().metric(),
        best.get().score(),
        tuner.layout().directory());
    return 0;
  }

  private static TuneSpec withOverrides(TuneSpec spec, CommandLine line) {
    spec = spec.withData(DataLoader.withFlags(spec.data(), line));
    if (line.hasOption("out")) {
      spec =
          spec.withOutput(new OutputSettings(line.getOptionValue("out"), spec.output().ifExists()));
    }
    return spec;
  }
}
