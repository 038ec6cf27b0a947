package io.lenet5;

import io.lenet5.data.DataOptions;
import io.lenet5.data.MnistData;
import io.lenet5.data.MnistRepository;
import io.lenet5.data.Split;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Real MNIST for tests, read once per JVM and found the way the commands find it: in {@code
 * -Dmnist.dir} when set, else in {@code $LENET5_DATA_DIR}, else in {@code ~/.cache/lenet5/mnist},
 * downloaded there and verified when missing.
 */
public final class TestData {
  private static MnistData mnist;

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
    return options.cacheDir();
  }

  /** All of MNIST, verified. */
  public static synchronized MnistData mnist() {
    if (mnist == null) {
      DataOptions options =
          DataOptions.defaults()
              .withDataDir(explicitDir())
              .withLog(new PrintStream(new ByteArrayOutputStream()));
      mnist = new MnistRepository(options).load();
    }
    return mnist;
  }

  /** The default 55,000 / 5,000 split with seed 42. */
  public static Split split() {
    return Split.of(mnist().train(), 5000, 42);
  }

  private static Path explicitDir() {
    String dir = System.getProperty("mnist.dir", "");
    return dir.isBlank() ? null : Path.of(dir);
  }
}
