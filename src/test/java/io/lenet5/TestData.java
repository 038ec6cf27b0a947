package io.lenet5;

import io.lenet5.data.DataOptions;
import io.lenet5.data.Dataset;
import io.lenet5.data.IdxRepository;
import io.lenet5.data.ImageData;
import io.lenet5.data.KnownDataset;
import io.lenet5.data.Split;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Real MNIST for tests, read once per JVM and found the way the commands find it: in {@code
 * -Dmnist.dir} when set, else in {@code $LENET5_DATA_DIR}, else in {@code ~/.cache/lenet5/mnist},
 * downloaded there and verified when missing.
 */
public final class TestData {
  public static final String TRAIN_IMAGES = KnownDataset.IDX_NAMES.get(KnownDataset.TRAIN_IMAGES);
  public static final String TRAIN_LABELS = KnownDataset.IDX_NAMES.get(KnownDataset.TRAIN_LABELS);
  public static final String TEST_IMAGES = KnownDataset.IDX_NAMES.get(KnownDataset.TEST_IMAGES);
  public static final String TEST_LABELS = KnownDataset.IDX_NAMES.get(KnownDataset.TEST_LABELS);

  private static ImageData mnist;

  private TestData() {}

  /** The folder holding the four MNIST files, downloaded into the cache first if need be. */
  public static synchronized Path dir() {
    Path explicit = explicitDir();
    if (explicit != null) {
      return explicit;
    }
    DataOptions options = DataOptions.defaults();
    String env = options.env().apply(DataOptions.DATA_DIR_ENV);
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    mnist(); // fills the cache
    return options.cacheDirFor(KnownDataset.MNIST);
  }

  /** All of MNIST, verified. */
  public static synchronized ImageData mnist() {
    if (mnist == null) {
      DataOptions options =
          DataOptions.defaults()
              .withDataDir(explicitDir())
              .withLog(new PrintStream(new ByteArrayOutputStream()));
      mnist = new IdxRepository(options, KnownDataset.MNIST).load();
    }
    return mnist;
  }

  /** The default 55,000 / 5,000 split with seed 42. */
  public static Split split() {
    return Split.of(mnist().train(), 5000, 42);
  }

  /**
   * One blank image whose four files all have the digest {@code sha256} (64 hex digits) and lie in
   * {@code dir}: for code that only records or compares what a run trained on.
   */
  public static ImageData stub(Path dir, String sha256) {
    Dataset one = new Dataset(new byte[Dataset.MNIST_SIDE * Dataset.MNIST_SIDE], new byte[1]);
    Map<String, String> digests = new LinkedHashMap<>();
    Map<String, Path> files = new LinkedHashMap<>();
    for (String name : KnownDataset.IDX_NAMES) {
      digests.put(name, sha256);
      files.put(name, dir.resolve(name + ".gz"));
    }
    return new ImageData("mnist", one, one, KnownDataset.MNIST.classNames(), digests, files);
  }

  private static Path explicitDir() {
    String dir = System.getProperty("mnist.dir", "");
    return dir.isBlank() ? null : Path.of(dir);
  }

  /**
   * Writes the first images of MNIST's four files, uncompressed, into {@code dir}: a small data
   * folder for child JVMs that must start fast (load it with --skip-verify).
   */
  public static Path writeHead(Path dir, int trainImages, int testImages) throws IOException {
    Files.createDirectories(dir);
    int pixels = Dataset.MNIST_SIDE * Dataset.MNIST_SIDE;
    head(dir, TRAIN_IMAGES, 16, pixels, trainImages);
    head(dir, TRAIN_LABELS, 8, 1, trainImages);
    head(dir, TEST_IMAGES, 16, pixels, testImages);
    head(dir, TEST_LABELS, 8, 1, testImages);
    return dir;
  }

  private static void head(Path dir, String name, int header, int itemBytes, int count)
      throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(dir().resolve(name + ".gz")))) {
      byte[] bytes = in.readNBytes(header + count * itemBytes);
      ByteBuffer.wrap(bytes).putInt(4, count);
      Files.write(dir.resolve(name), bytes);
    }
  }
}
