package io.lenet5.cli;

import io.lenet5.UserException;
import io.lenet5.data.DataConfig;
import io.lenet5.data.DataOptions;
import io.lenet5.data.Dataset;
import io.lenet5.data.MnistData;
import io.lenet5.data.MnistRepository;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** The data flags every command shares, and loading MNIST as a spec's data section says. */
final class DataLoader {
  private DataLoader() {}

  /** Adds --data-dir, --skip-verify and --max-train-images. */
  static Options addOptions(Options options) {
    return addLocationOptions(options)
        .addOption(
            Flags.valued(
                "max-train-images", "N", "train on the first N training images only (quick runs)"));
  }

  /** Adds --data-dir and --skip-verify. */
  static Options addLocationOptions(Options options) {
    return options
        .addOption(
            Flags.valued(
                "data-dir",
                "DIR",
                "folder with the MNIST files (default: $LENET5_DATA_DIR, then ~/.cache/lenet5/mnist, downloading if absent)"))
        .addOption(
            Flags.flag(
                "skip-verify",
                "do not check the files against MNIST's SHA-256s (for look-alike data sets)"));
  }

  /** The spec's data section with the flags' overrides. */
  static DataConfig withFlags(DataConfig data, CommandLine line) {
    if (line.hasOption("data-dir")) {
      data = data.withDir(line.getOptionValue("data-dir"));
    }
    if (line.hasOption("skip-verify")) {
      data = data.withVerifyChecksums(false);
    }
    Integer maxTrain = Flags.intValue(line, "max-train-images");
    return maxTrain == null ? data : data.withMaxTrainImages(maxTrain);
  }

  /** Finds, verifies and reads the four files. */
  static MnistData load(DataConfig config) {
    DataOptions options = DataOptions.defaults().withVerifyChecksums(config.verifyChecksums());
    if (config.dir() != null) {
      options = options.withDataDir(Path.of(config.dir()));
    }
    return new MnistRepository(options).load();
  }

  /** A batch holds at most every image it is drawn from. */
  static void checkBatchSize(int batchSize, Dataset images) {
    if (batchSize > images.size()) {
      throw new UserException(
          "training.batchSize: expected at most the "
              + images.size()
              + " training images, got "
              + batchSize);
    }
  }
}
