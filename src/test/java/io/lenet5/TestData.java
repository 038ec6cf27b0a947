package io.lenet5;

import io.lenet5.data.DataOptions;
import io.lenet5.data.MnistData;
import io.lenet5.data.MnistRepository;
import io.lenet5.data.Split;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** Real MNIST for tests, read once per JVM from {@code -Dmnist.dir} (../shared/mnist in CI). */
public final class TestData {
  private static MnistData mnist;

  private TestData() {}

  /** The folder holding the four MNIST files. */
  public static Path dir() {
    return Path.of(System.getProperty("mnist.dir", "../shared/mnist"));
  }

  /** All of MNIST, verified. */
  public static synchronized MnistData mnist() {
    if (mnist == null) {
      DataOptions options =
          DataOptions.defaults()
              .withDataDir(dir())
              .withEnv(Map.<String, String>of()::get)
              .withDownloadAllowed(false)
              .withLog(new PrintStream(new ByteArrayOutputStream()));
      mnist = new MnistRepository(options).load();
    }
    return mnist;
  }

  /** The default 55,000 / 5,000 split with seed 42. */
  public static Split split() {
    return Split.of(mnist().train(), 5000, 42);
  }
}
