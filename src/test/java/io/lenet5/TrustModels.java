package io.lenet5;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The SavedModels that {@code tools/make_trust_models.py} built for the model-trust tests: a Keras
 * 3 {@code model.export()} of LeNet-5 and three malicious digit classifiers.
 */
public final class TrustModels {
  /** Keras 3 {@code model.export()} of LeNet-5; loads without {@code --trust-model}. */
  public static final String KERAS = "keras-lenet5";

  /** Its serving function calls {@code tf.io.write_file(WRITTEN)}. */
  public static final String WRITES_FILE = "writes-file";

  /** Its init op writes {@code WRITTEN} when the model loads. */
  public static final String INIT_WRITES_FILE = "init-writes-file";

  /** Its serving function runs a {@code tf.while_loop} that never ends. */
  public static final String ENDLESS_LOOP = "endless-loop";

  /** The file the malicious models write, relative to the working directory (the repository). */
  public static final Path WRITTEN = Path.of("target", "lenet5-untrusted-model-was-here.txt");

  private TrustModels() {}

  /** The folder of model {@code name}. */
  public static Path get(String name) {
    URL url = TrustModels.class.getResource("/io/lenet5/export/trust/" + name);
    if (url == null) {
      throw new IllegalStateException("test model " + name + " is missing from the test resources");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
