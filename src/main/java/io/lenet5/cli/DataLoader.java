package io.lenet5.cli;

import io.lenet5.data.DataConfig;
import io.lenet5.data.DataOptions;
import io.lenet5.data.MnistData;
import io.lenet5.data.MnistRepository;
import io.lenet5.data.Split;
import java.nio.file.Path;

/** Loads MNIST as a spec's data section says and splits it for training. */
final class DataLoader {
  private DataLoader() {}

  /** Finds, verifies and reads the four files. */
  static MnistData load(DataConfig config) {
    DataOptions options = DataOptions.defaults().withVerifyChecksums(config.verifyChecksums());
    if (config.dir() != null) {
      options = options.withDataDir(Path.of(config.dir()));
    }
    return new MnistRepository(options).load();
  }

  /** The seeded train/validation split, the training part cut to {@code maxTrainImages}. */
  static Split split(MnistData data, DataConfig config, long seed) {
    Split split = Split.of(data.train(), config.validationSize(), seed);
    Integer max = config.maxTrainImages();
    return max == null || max >= split.train().size()
        ? split
        : new Split(split.train().head(max), split.validation());
  }
}
