package io.lenet5.export;

import io.lenet5.AtomicFiles;
import io.lenet5.Json;
import io.lenet5.UserException;
import io.lenet5.model.LeNet5;
import io.lenet5.model.ModelConfig;
import io.lenet5.model.WeightSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Exports trained LeNet-5 weights into one folder that is at once a TensorFlow SavedModel and the
 * home of the model's Keras archive and provenance:
 *
 * <pre>
 * DIR/saved_model.pb, DIR/variables/   SavedModel (signatures serving_default and serve)
 * DIR/model.keras                      Keras 3 archive
 * DIR/metadata.json                    {@link ExportMetadata}, with the SavedModel's digests
 * </pre>
 *
 * <p>The folder is built beside its target under a hidden temporary name and renamed into place
 * when complete, so a reader never sees half an export.
 */
public final class ModelExporter {
  /** File name of the Keras archive inside an export. */
  public static final String KERAS_FILE = "model.keras";

  /** File name of the metadata inside an export. */
  public static final String METADATA_FILE = "metadata.json";

  private ModelExporter() {}

  /**
   * Writes the SavedModel, the Keras archive and {@code metadata.json} into {@code outDir}.
   *
   * @param weights every tensor of the model's {@link LeNet5#weights} by Keras name (more are
   *     ignored, such as the optimizer slots of a checkpoint)
   * @param model the model config the weights were trained with
   * @param dataset the data set the weights were trained on, as {@link ExportMetadata#dataset}
   * @param classNames the name of each class the model tells apart, in label order
   * @param provenance where the weights came from
   * @param outDir a folder that does not exist yet or is empty
   * @return the metadata written
   * @throws UserException if a weight is missing, has the wrong size or a non-finite value, or
   *     {@code outDir} holds files or cannot be written
   */
  public static ExportMetadata export(
      Map<String, float[]> weights,
      ModelConfig model,
      String dataset,
      List<String> classNames,
      Provenance provenance,
      Path outDir) {
    checkWeights(weights, new LeNet5(model));
    Path target = outDir.toAbsolutePath().normalize();
    checkEmpty(target, outDir);
    Path staging = null;
    try {
      Files.createDirectories(target.getParent());
      staging = AtomicFiles.stagingFolderFor(target);
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      SavedModelWriter.write(weights, model, staging);
      KerasArchiveWriter.write(weights, model, staging.resolve(KERAS_FILE), now);
      ExportMetadata metadata =
          ExportMetadata.of(
              model,
              dataset,
              classNames,
              provenance,
              ExportMetadata.ExportInfo.ofThisBuild(now.toString()),
              ModelDigests.of(staging));
      Files.writeString(staging.resolve(METADATA_FILE), Json.write(metadata));
      if (Files.getFileStore(staging).supportsFileAttributeView("posix")) {
        // temporary folders are owner-only; an export is shared like any other output
        Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      Files.deleteIfExists(target); // empty, checked above; a rename cannot replace a folder
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      staging = null;
      return metadata;
    } catch (IOException | UncheckedIOException e) {
      throw new UserException(outDir + ": cannot write the export: " + e, e);
    } finally {
      deleteTree(staging);
    }
  }

  private static void checkWeights(Map<String, float[]> weights, LeNet5 net) {
    for (WeightSpec w : net.weights()) {
      float[] values = weights.get(w.name());
      if (values == null || values.length != w.size()) {
        throw new UserException(
            "weights: expected tensor '%s' with %d values, got %s"
                .formatted(
                    w.name(), w.size(), values == null ? "none" : values.length + " values"));
      }
      int nonFinite = 0;
      for (float v : values) {
        nonFinite += Float.isFinite(v) ? 0 : 1;
      }
      if (nonFinite > 0) {
        throw new UserException(
            "weights: tensor '%s' holds %d non-finite values (NaN or infinity) of %d; the training"
                    .formatted(w.name(), nonFinite, values.length)
                + " diverged or the checkpoint is corrupt");
      }
    }
  }

  private static void checkEmpty(Path target, Path shown) {
    if (!Files.exists(target)) {
      return;
    }
    if (!Files.isDirectory(target)) {
      throw new UserException(
          shown + ": expected a new or empty folder for the export, found a file");
    }
    try (Stream<Path> entries = Files.list(target)) {
      if (entries.findAny().isPresent()) {
        throw new UserException(
            shown
                + ": expected a new or empty folder for the export, found files in it;"
                + " remove them or choose another folder");
      }
    } catch (IOException e) {
      throw new UserException(shown + ": cannot read the folder: " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try {
      AtomicFiles.deleteRecursively(dir);
    } catch (UncheckedIOException ignored) {
      // a leftover hidden staging folder is harmless; the export's own error says more
    }
  }
}
