package io.lenet5.cli;

import io.lenet5.UserException;
import io.lenet5.data.DataConfig;
import io.lenet5.data.DataOptions;
import io.lenet5.data.Dataset;
import io.lenet5.data.IdxRepository;
import io.lenet5.data.ImageData;
import io.lenet5.data.ImageFolder;
import io.lenet5.data.KnownDataset;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** The data flags every command shares, and loading the data a spec's data section names. */
final class DataLoader {
  private DataLoader() {}

  /** Adds --data-dir, --skip-verify and --max-train-images. */
  static Options addOptions(Options options) {
    return addLocationOptions(options)
        .addOption(
            Flags.valued(
                "max-train-images", "N", "train on the first N training images only (quick runs)"));
  }

  /** Adds --dataset, --data-format, --data-dir, --image-size and --skip-verify. */
  static Options addLocationOptions(Options options) {
    return options
        .addOption(
            Flags.valued(
                "dataset",
                "NAME",
                "a known data set: "
                    + String.join(", ", KnownDataset.ALL.stream().map(KnownDataset::name).toList())
                    + " (default mnist)"))
        .addOption(
            Flags.valued(
                "data-format",
                "FORMAT",
                "idx (four IDX files, the default) or folder (DIR/train/<class>/*.png and"
                    + " DIR/test/<class>/*.png)"))
        .addOption(
            Flags.valued(
                "data-dir",
                "DIR",
                "folder with the data set's files (default: $LENET5_DATA_DIR for MNIST, then"
                    + " ~/.cache/lenet5/<dataset>, downloading if absent)"))
        .addOption(
            Flags.valued(
                "image-size", "N", "side the images of a folder are resized to (default 28)"))
        .addOption(
            Flags.flag(
                "skip-verify",
                "do not check the files against the data set's SHA-256s; without --dataset, any"
                    + " IDX folder"));
  }

  /** The spec's data section with the flags' overrides. */
  static DataConfig withFlags(DataConfig data, CommandLine line) {
    if (line.hasOption("dataset")) {
      data = data.withName(line.getOptionValue("dataset"));
    }
    if (line.hasOption("data-format")) {
      data = data.withFormat(line.getOptionValue("data-format"));
    }
    Integer imageSize = Flags.intValue(line, "image-size");
    if (imageSize != null) {
      data = data.withImageSize(imageSize);
    }
    if (line.hasOption("data-dir")) {
      data = data.withDir(line.getOptionValue("data-dir"));
    }
    if (line.hasOption("skip-verify")) {
      data = data.withVerifyChecksums(false);
    }
    Integer maxTrain = Flags.intValue(line, "max-train-images");
    return maxTrain == null ? data : data.withMaxTrainImages(maxTrain);
  }

  /** Finds, verifies and reads the data, IDX files or a folder of images. */
  static ImageData load(DataConfig config) {
    if (config.isFolder()) {
      if (config.dir() == null) {
        throw new UserException(
            "data.dir: a folder of images needs its folder (--data-dir DIR, holding train/ and"
                + " test/)");
      }
      Path dir = Path.of(config.dir());
      ImageFolder.Loaded folder =
          ImageFolder.load(dir, config.folderImageSize(), DataOptions.cacheRoot(), System.err);
      return new ImageData(
          DataConfig.FOLDER,
          folder.train(),
          folder.test(),
          folder.classNames(),
          Map.of(DataConfig.FOLDER, folder.sha256()),
          Map.of(DataConfig.FOLDER, dir));
    }
    DataOptions options = DataOptions.defaults().withVerifyChecksums(config.verifyChecksums());
    if (config.dir() != null) {
      options = options.withDataDir(Path.of(config.dir()));
    }
    return new IdxRepository(options, config.known()).load();
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
