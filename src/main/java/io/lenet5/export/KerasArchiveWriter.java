package io.lenet5.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lenet5.AtomicFiles;
import io.lenet5.Json;
import io.lenet5.model.LeNet5;
import io.lenet5.model.ModelConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a Keras 3 {@code .keras} archive: a zip of {@code metadata.json}, {@code config.json}
 * ({@link KerasModelConfig}) and {@code model.weights.h5} ({@link KerasWeightsFile}), which {@code
 * keras.saving.load_model} turns into a {@code Sequential} model with these weights.
 */
final class KerasArchiveWriter {
  /** The Keras release whose archive format this follows, recorded in the archive's metadata. */
  static final String KERAS_VERSION = "3.15.1";

  /** Keras' own {@code date_saved} format. */
  private static final DateTimeFormatter DATE_SAVED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss").withZone(ZoneOffset.UTC);

  private KerasArchiveWriter() {}

  /**
   * Writes the archive atomically to {@code file}.
   *
   * @param weights every tensor of the model's {@link io.lenet5.model.LeNet5#weights} by name,
   *     checked by the caller
   * @param savedAt the time recorded as {@code date_saved}
   */
  static void write(Map<String, float[]> weights, ModelConfig model, Path file, Instant savedAt) {
    Path dir = file.toAbsolutePath().getParent();
    Path h5 = null;
    try {
      h5 = Files.createTempFile(dir, "." + file.getFileName(), ".h5.tmp");
      KerasWeightsFile.write(weights, new LeNet5(model), h5);
      byte[] weightsBytes = Files.readAllBytes(h5);
      ObjectNode metadata =
          Json.MAPPER
              .createObjectNode()
              .put("keras_version", KERAS_VERSION)
              .put("date_saved", DATE_SAVED.format(savedAt));
      ObjectNode config = KerasModelConfig.sequential(model);
      AtomicFiles.write(
          file,
          out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            entry(zip, "metadata.json", Json.compact(metadata));
            entry(zip, "config.json", Json.compact(config));
            entry(zip, "model.weights.h5", weightsBytes);
            zip.finish();
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(h5);
    }
  }

  private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content);
    zip.closeEntry();
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a leftover hidden temp file is harmless; the write's own error says more
      }
    }
  }
}
