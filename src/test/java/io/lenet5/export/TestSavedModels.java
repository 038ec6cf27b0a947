package io.lenet5.export;

import io.lenet5.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** SavedModels with chosen weights, unchecked, for tests outside this package. */
public final class TestSavedModels {
  private TestSavedModels() {}

  /** Writes the SavedModel part of an export with {@code weights} as they are, NaN included. */
  public static Path write(Map<String, float[]> weights, Path dir) throws IOException {
    SavedModelWriter.write(weights, ModelConfig.DEFAULT, dir);
    return dir;
  }
}
