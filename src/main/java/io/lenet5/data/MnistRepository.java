package io.lenet5.data;

import io.lenet5.OutputLock;
import io.lenet5.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, verifies and, if needed, downloads MNIST.
 *
 * <p>Lookup order: the explicit data folder, else the folder in {@code LENET5_DATA_DIR} (either
 * must hold all four files; nothing is downloaded into them), else the cache folder, where missing
 * files are downloaded when allowed. Each file may be {@code name.gz} or the raw {@code name}.
 */
public final class MnistRepository {
  private final DataOptions options;

  /**
   * Creates a repository with the given options.
   *
   * @throws UserException if checksums are to be verified but the table lacks one of the files
   */
  public MnistRepository(DataOptions options) {
    if (options.verifyChecksums()) {
      for (String name : MnistFiles.NAMES) {
        if (!options.expectedSha256().containsKey(name)) {
          throw new UserException(
              "checksum table: expected a SHA-256 for "
                  + name
                  + " but found none; pass --skip-verify to load without checking");
        }
      }
    }
    this.options = options;
  }

  /**
   * Locates the four files, reads and validates them, and checks their content digests.
   *
   * @throws UserException if a file is missing, corrupt, fails verification or cannot be downloaded
   */
  public MnistData load() {
    Map<String, Path> files = locate();
    IdxReader.Digested train =
        IdxReader.readWithDigests(
            files.get(MnistFiles.TRAIN_IMAGES), files.get(MnistFiles.TRAIN_LABELS));
    IdxReader.Digested test =
        IdxReader.readWithDigests(
            files.get(MnistFiles.TEST_IMAGES), files.get(MnistFiles.TEST_LABELS));
    requireImages(files.get(MnistFiles.TRAIN_IMAGES), train.dataset());
    requireImages(files.get(MnistFiles.TEST_IMAGES), test.dataset());
    Map<String, String> sha256 =
        Map.of(
            MnistFiles.TRAIN_IMAGES, train.imagesSha256(),
            MnistFiles.TRAIN_LABELS, train.labelsSha256(),
            MnistFiles.TEST_IMAGES, test.imagesSha256(),
            MnistFiles.TEST_LABELS, test.labelsSha256());
    if (options.verifyChecksums()) {
      for (String name : MnistFiles.NAMES) {
        verify(files.get(name), options.expectedSha256().get(name), sha256.get(name));
      }
    }
    return new MnistData(train.dataset(), test.dataset(), sha256, files);
  }

  private Map<String, Path> locate() {
    if (options.dataDir() != null) {
      return require(options.dataDir(), "data dir " + options.dataDir());
    }
    String envDir = options.env().apply(DataOptions.DATA_DIR_ENV);
    if (envDir != null && !envDir.isBlank()) {
      return require(Path.of(envDir), DataOptions.DATA_DIR_ENV + "=" + envDir);
    }
    Path cache = options.cacheDir();
    List<String> missing = missing(cache);
    if (!missing.isEmpty() && !options.downloadAllowed()) {
      throw new UserException(
          "cache dir "
              + cache
              + ": missing "
              + String.join(", ", missing)
              + " and downloads are disabled; allow them or set "
              + DataOptions.DATA_DIR_ENV);
    }
    if (!missing.isEmpty()) {
      download(cache);
    }
    return require(cache, "cache dir " + cache);
  }

  /**
   * Downloads the files missing from the cache under its lock: processes share the cache, and the
   * lock lets a download remove the temp files a killed one left. The JVM holds file locks, not
   * threads, so threads of this one take turns first.
   */
  private void download(Path cache) {
    synchronized (MnistRepository.class) {
      try (OutputLock lock = OutputLock.acquireWaiting(cache, "download", options.log())) {
        Downloader.removeLeftovers(cache);
        Downloader downloader = new Downloader(options);
        for (String name : MnistFiles.NAMES) {
          if (find(cache, name) == null) { // looked up again: the holder before may have fetched it
            downloader.download(name, cache);
          }
        }
      }
    }
  }

  /** The four files in {@code dir}; {@code what} names the folder and where it came from. */
  private static Map<String, Path> require(Path dir, String what) {
    if (!Files.isDirectory(dir)) {
      throw new UserException(
          what
              + ": expected a folder holding the MNIST files but found "
              + (Files.exists(dir) ? "a file" : "nothing"));
    }
    if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
      throw new UserException(
          what + ": cannot read the folder (permission denied); its files cannot be looked up");
    }
    List<String> missing = missing(dir);
    if (!missing.isEmpty()) {
      throw new UserException(
          what
              + ": missing "
              + String.join(", ", missing)
              + " (each may also be uncompressed, without .gz)");
    }
    Map<String, Path> files = new LinkedHashMap<>();
    for (String name : MnistFiles.NAMES) {
      files.put(name, find(dir, name));
    }
    return files;
  }

  /** The {@code .gz} names of the files not in {@code dir}, compressed or raw. */
  private static List<String> missing(Path dir) {
    List<String> missing = new ArrayList<>();
    for (String name : MnistFiles.NAMES) {
      if (find(dir, name) == null) {
        missing.add(name + ".gz");
      }
    }
    return missing;
  }

  /** {@code dir/name.gz} or else {@code dir/name}, whichever exists first; null if neither. */
  private static Path find(Path dir, String name) {
    Path gz = dir.resolve(name + ".gz");
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    Path raw = dir.resolve(name);
    return Files.isRegularFile(raw) ? raw : null;
  }

  /** An empty set would train on nothing or report an accuracy of NaN. */
  private static void requireImages(Path file, Dataset dataset) {
    if (dataset.size() == 0) {
      throw new UserException(file + ": expected at least one image, found none");
    }
  }

  private static void verify(Path file, String expected, String found) {
    if (!expected.equals(found)) {
      throw new UserException(
          file
              + ": expected SHA-256 "
              + expected
              + " of the decompressed content but found "
              + found
              + "; replace the file, or pass --skip-verify to use other data in the same"
              + " format (e.g. Fashion-MNIST)");
    }
  }
}
