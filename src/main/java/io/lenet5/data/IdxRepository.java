package io.lenet5.data;

import io.lenet5.OutputLock;
import io.lenet5.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds, verifies and, if needed, downloads a data set of four IDX files: a {@link KnownDataset},
 * or any folder of MNIST-named files whose labels give the classes and whose header gives the image
 * size.
 *
 * <p>Lookup order: the explicit data folder, else the folder in the data set's environment variable
 * ({@code LENET5_DATA_DIR} for MNIST; either must hold all four files; nothing is downloaded into
 * them), else the cache folder, where missing files are downloaded when allowed. Each file may be
 * {@code name.gz} or the raw {@code name}.
 */
public final class IdxRepository {
  private final DataOptions options;
  private final KnownDataset known;

  /**
   * A repository of {@code known}, or of any IDX folder when null (which then needs {@link
   * DataOptions#dataDir}).
   */
  public IdxRepository(DataOptions options, KnownDataset known) {
    this.options = options;
    this.known = known;
  }

  /**
   * Locates the four files, reads and validates them, and checks their content digests.
   *
   * @throws UserException if a file is missing, corrupt, fails verification or cannot be downloaded
   */
  public ImageData load() {
    List<String> names = known == null ? KnownDataset.IDX_NAMES : known.files();
    Map<String, Path> files = locate(names);
    Path trainImages = files.get(names.get(KnownDataset.TRAIN_IMAGES));
    Path trainLabels = files.get(names.get(KnownDataset.TRAIN_LABELS));
    Path testImages = files.get(names.get(KnownDataset.TEST_IMAGES));
    Path testLabels = files.get(names.get(KnownDataset.TEST_LABELS));
    IdxReader.Pair train = IdxReader.readPair(trainImages, trainLabels);
    IdxReader.Pair test = IdxReader.readPair(testImages, testLabels);
    requireImages(trainImages, train);
    requireImages(testImages, test);
    if (test.rows() != train.rows() || test.cols() != train.cols()) {
      throw new UserException(
          String.format(
              "%s: expected %dx%d images as in %s but found %dx%d",
              testImages, train.rows(), train.cols(), trainImages, test.rows(), test.cols()));
    }
    List<Decompressed.Digests> digests =
        List.of(
            train.imagesSha256(), train.labelsSha256(), test.imagesSha256(), test.labelsSha256());
    Map<String, String> sha256 = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      sha256.put(names.get(i), digests.get(i).content());
    }
    if (known == null) {
      int classes = Math.max(train.largestLabel(), test.largestLabel()) + 1;
      if (classes < 2 || classes > Dataset.MAX_CLASSES) {
        throw new UserException(
            trainLabels + ": expected labels of 2 or more classes, found only label 0");
      }
      return new ImageData(
          DataConfig.IDX,
          dataset(trainLabels, train, 0, classes, false),
          dataset(testLabels, test, 0, classes, false),
          KnownDataset.numbers(classes),
          sha256,
          files);
    }
    if (train.rows() != Dataset.MNIST_SIDE || train.cols() != Dataset.MNIST_SIDE) {
      throw new UserException(
          String.format(
              "%s: expected 28x28 images (%s) but found %dx%d",
              trainImages, known.name(), train.rows(), train.cols()));
    }
    if (options.verifyChecksums()) {
      requireCount(trainImages, train, known.trainImages());
      requireCount(testImages, test, known.testImages());
      verify(names, files, digests);
    }
    int classes = known.classNames().size();
    return new ImageData(
        known.name(),
        dataset(trainLabels, train, known.firstLabel(), classes, known.transposed()),
        dataset(testLabels, test, known.firstLabel(), classes, known.transposed()),
        known.classNames(),
        sha256,
        files);
  }

  private static Dataset dataset(
      Path labelsFile, IdxReader.Pair pair, int firstLabel, int classes, boolean transposed) {
    byte[] labels = IdxReader.classLabels(labelsFile, pair.labels(), firstLabel, classes);
    byte[] pixels = transposed ? transpose(pair.pixels(), pair.rows()) : pair.pixels();
    return new Dataset(pixels, labels, pair.rows(), pair.cols(), classes);
  }

  /** Square images stored column by column, in place, as row by row. */
  private static byte[] transpose(byte[] pixels, int side) {
    int size = side * side;
    for (int offset = 0; offset < pixels.length; offset += size) {
      for (int r = 0; r < side; r++) {
        for (int c = r + 1; c < side; c++) {
          int a = offset + r * side + c;
          int b = offset + c * side + r;
          byte t = pixels[a];
          pixels[a] = pixels[b];
          pixels[b] = t;
        }
      }
    }
    return pixels;
  }

  private void verify(
      List<String> names, Map<String, Path> files, List<Decompressed.Digests> digests) {
    if (!known.hasDigests()) {
      options
          .log()
          .println(
              known.name()
                  + ": no SHA-256 of its files is published; checked their sizes and labels only");
      return;
    }
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      Decompressed.Digests found = digests.get(i);
      if (!known.accepts(name, found.content(), found.file())) {
        throw new UserException(
            files.get(name)
                + ": expected SHA-256 "
                + known.expectedDigest(name)
                + " but found "
                + (known.sha256().containsKey(name) ? found.content() : found.file())
                + "; replace the file, or pass --skip-verify to use other data in the same"
                + " format");
      }
    }
  }

  private Map<String, Path> locate(List<String> names) {
    if (options.dataDir() != null) {
      return require(options.dataDir(), "data dir " + options.dataDir(), names, what());
    }
    if (known == null) {
      throw new UserException(
          "data: without checksums and a data set's name, the files may be any IDX set; pass"
              + " --data-dir with their folder, or --dataset with the name of a known one");
    }
    String variable = DataOptions.dataDirEnv(known);
    String envDir = options.env().apply(variable);
    if (envDir != null && !envDir.isBlank()) {
      return require(Path.of(envDir), variable + "=" + envDir, names, what());
    }
    Path cache = options.cacheDirFor(known);
    List<String> missing = missing(cache, names);
    if (!missing.isEmpty() && !options.downloadAllowed()) {
      throw new UserException(
          "cache dir "
              + cache
              + ": missing "
              + String.join(", ", missing)
              + " and downloads are disabled; allow them or set "
              + variable);
    }
    if (!missing.isEmpty()) {
      if (options.mirrorsFor(known).isEmpty()) {
        throw new UserException(
            "cache dir "
                + cache
                + ": missing "
                + String.join(", ", missing)
                + "; "
                + known.howToGet());
      }
      download(cache, names);
    }
    return require(cache, "cache dir " + cache, names, what());
  }

  /**
   * Downloads the files missing from the cache under its lock: processes share the cache, and the
   * lock lets a download remove the temp files a killed one left. The JVM holds file locks, not
   * threads, so threads of this one take turns first.
   */
  private void download(Path cache, List<String> names) {
    synchronized (IdxRepository.class) {
      try (OutputLock lock = OutputLock.acquireWaiting(cache, "download", options.log())) {
        Downloader.removeLeftovers(cache);
        Downloader downloader = new Downloader(options, known, options.mirrorsFor(known));
        for (String name : names) {
          if (find(cache, name) == null) { // looked up again: the holder before may have fetched it
            downloader.download(name, cache);
          }
        }
      }
    }
  }

  /** "mnist", or "IDX" for any IDX set: what messages call the files. */
  private String what() {
    return known == null ? "IDX" : known.name();
  }

  /**
   * The four files in {@code dir}; {@code what} names the folder and where it came from, {@code
   * dataset} the data set.
   */
  private static Map<String, Path> require(
      Path dir, String what, List<String> names, String dataset) {
    if (!Files.isDirectory(dir)) {
      throw new UserException(
          what
              + ": expected a folder holding the "
              + dataset
              + " files but found "
              + (Files.exists(dir) ? "a file" : "nothing"));
    }
    if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
      throw new UserException(
          what + ": cannot read the folder (permission denied); its files cannot be looked up");
    }
    List<String> missing = missing(dir, names);
    if (!missing.isEmpty()) {
      throw new UserException(
          what
              + ": missing "
              + String.join(", ", missing)
              + " (each may also be uncompressed, without .gz)");
    }
    Map<String, Path> files = new LinkedHashMap<>();
    for (String name : names) {
      files.put(name, find(dir, name));
    }
    return files;
  }

  /** The {@code .gz} names of the files not in {@code dir}, compressed or raw. */
  private static List<String> missing(Path dir, List<String> names) {
    List<String> missing = new ArrayList<>();
    for (String name : names) {
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

  private void requireCount(Path file, IdxReader.Pair pair, int expected) {
    if (pair.labels().length != expected) {
      throw new UserException(
          String.format(
              Locale.ROOT,
              "%s: expected %,d images (%s) but found %,d; pass --skip-verify to use other data in"
                  + " the same format",
              file,
              expected,
              known.name(),
              pair.labels().length));
    }
  }

  /** An empty set would train on nothing or report an accuracy of NaN. */
  private static void requireImages(Path file, IdxReader.Pair pair) {
    if (pair.labels().length == 0) {
      throw new UserException(file + ": expected at least one image, found none");
    }
  }
}
