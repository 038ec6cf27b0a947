package io.lenet5.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lenet5.BuildInfo;
import io.lenet5.Json;
import io.lenet5.UserException;
import io.lenet5.data.Dataset;
import io.lenet5.data.KnownDataset;
import io.lenet5.model.LeNet5;
import io.lenet5.model.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code metadata.json} of an export: what the model is and how to call it, where it came from
 * ({@link Provenance}), and when and with what it was exported.
 *
 * @param formatVersion version of this file's layout
 * @param architecture always {@code "LeNet-5"}
 * @param model the activation and pooling the graph and the Keras config use
 * @param parameters number of trainable scalars
 * @param input the signatures' input tensor
 * @param output the signatures' output tensor
 * @param dataset the data set trained on ({@code mnist}, {@code fashion-mnist}... {@code idx} for
 *     another IDX set, {@code folder} for a folder of images); null in exports older than it
 * @param classNames the name of each output class, in order; null in exports older than it, whose
 *     classes are MNIST's digits
 * @param signatures the SavedModel's signature keys
 * @param methodName the signatures' method name
 * @param files where the export's parts are, relative to its folder
 * @param provenance spec, seed, hyperparameters, data and scores
 * @param export when, from which commit and with which versions the files were written
 */
public record ExportMetadata(
    int formatVersion,
    String architecture,
    ModelConfig model,
    int parameters,
    TensorInfo input,
    TensorInfo output,
    @JsonInclude(JsonInclude.Include.NON_NULL) String dataset,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<String> classNames,
    List<String> signatures,
    String methodName,
    Layout files,
    Provenance provenance,
    ExportInfo export) {
  /** Current {@link #formatVersion()}. */
  public static final int FORMAT_VERSION = 1;

  /**
   * One tensor of the signatures.
   *
   * @param shape -1 for the batch dimension
   */
  public record TensorInfo(String name, String dtype, List<Long> shape, String description) {}

  /**
   * Where the parts of an export are, relative to its folder.
   *
   * @param savedModel the SavedModel folder ({@code saved_model.pb}, {@code variables/})
   * @param keras the Keras 3 archive
   * @param savedModelSha256 the SHA-256 of each file of the SavedModel ({@code saved_model.pb} and
   *     those under {@code variables/}) by its path in the SavedModel folder, which {@code
   *     evaluate} compares with the files; absent in exports older than it
   */
  public record Layout(
      String savedModel,
      String keras,
      @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> savedModelSha256) {}

  /**
   * How the export was made.
   *
   * @param exportedAt ISO-8601 UTC time
   * @param gitCommit the commit the exporting jar was built from, or null if unknown
   * @param gitDirty whether that build had uncommitted changes, or null if unknown
   * @param versions project, TensorFlow Java, TensorFlow, natives and Java versions
   */
  public record ExportInfo(
      String exportedAt, String gitCommit, Boolean gitDirty, Map<String, String> versions) {
    /** This jar's build: its commit, dirty flag and versions, exported at {@code exportedAt}. */
    public static ExportInfo ofThisBuild(String exportedAt) {
      return new ExportInfo(
          exportedAt, BuildInfo.gitCommit(), BuildInfo.gitDirty(), BuildInfo.versions());
    }
  }

  /**
   * The metadata of a LeNet-5 export of {@code model} laid out as {@link ModelExporter} does.
   *
   * @param savedModelSha256 the digests of the SavedModel's files ({@link
   *     Layout#savedModelSha256()})
   */
  public static ExportMetadata of(
      ModelConfig model,
      String dataset,
      List<String> classNames,
      Provenance provenance,
      ExportInfo export,
      Map<String, String> savedModelSha256) {
    if (classNames.size() != model.classes()) {
      throw new IllegalArgumentException(
          "classNames: expected " + model.classes() + ", got " + classNames.size());
    }
    boolean mnist =
        model.imageHeight() == Dataset.MNIST_SIDE
            && model.imageWidth() == Dataset.MNIST_SIDE
            && classNames.equals(KnownDataset.MNIST.classNames());
    return new ExportMetadata(
        FORMAT_VERSION,
        "LeNet-5",
        model,
        new LeNet5(model).parameterCount(),
        new TensorInfo(
            SavedModelWriter.INPUT,
            "float32",
            List.of(-1L, (long) model.imageHeight(), (long) model.imageWidth(), 1L),
            mnist
                ? "28x28 grayscale digits, white on black as in MNIST, pixels scaled to [0, 1]"
                : model.imageHeight()
                    + "x"
                    + model.imageWidth()
                    + " grayscale images, pixels scaled to [0, 1]"),
        new TensorInfo(
            SavedModelWriter.OUTPUT,
            "float32",
            List.of(-1L, (long) model.classes()),
            mnist
                ? "softmax probabilities of the digits 0..9"
                : "softmax probabilities of the " + model.classes() + " classes of classNames"),
        dataset,
        classNames,
        SavedModelWriter.SIGNATURE_KEYS,
        SavedModelWriter.METHOD_NAME,
        new Layout(".", ModelExporter.KERAS_FILE, savedModelSha256),
        provenance,
        export);
  }

  /**
   * What {@code metadata.json} in {@code modelDir} says of the classes: their names and the data
   * set, where it is readable and names {@code classes} of them; else the numbers 0..classes-1 and
   * no data set (a Keras export, or one older than the names).
   */
  public static Classes classesOf(Path modelDir, int classes) {
    Path file = modelDir.resolve(ModelExporter.METADATA_FILE);
    if (Files.isRegularFile(file)) {
      try {
        ExportMetadata metadata = Json.read(file, ExportMetadata.class);
        if (metadata.classNames() != null && metadata.classNames().size() == classes) {
          return new Classes(metadata.dataset(), metadata.classNames());
        }
      } catch (UserException e) {
        // unreadable metadata says nothing about the classes; evaluate reports it elsewhere
      }
    }
    return new Classes(null, KnownDataset.numbers(classes));
  }

  /**
   * A model's classes as its metadata names them.
   *
   * @param dataset the data set it was trained on, or null if unknown
   */
  public record Classes(String dataset, List<String> names) {}
}
