package io.lenet5.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lenet5.Json;
import io.lenet5.data.KnownDataset;
import io.lenet5.model.LeNet5;
import io.lenet5.model.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SavedModel digests of {@code metadata.json} against the files beside it. */
class ModelDigestsTest {
  private static final Path BUNDLED = Path.of("saved-models", "lenet5-mnist");
  private static final Provenance PROVENANCE =
      new Provenance("test", null, 1, Map.of(), 1, Map.of(), null, null);

  @TempDir Path dir;

  @Test
  void anExportMatchesItsDigestsUntilAFileChanges() throws Exception {
    Path model = dir.resolve("model");
    ModelExporter.export(
        LeNet5.STRICT.initialWeights(1),
        ModelConfig.DEFAULT,
        "mnist",
        KnownDataset.MNIST.classNames(),
        PROVENANCE,
        model);
    assertEquals(
        List.of(
            "saved_model.pb",
            "variables/variables.data-00000-of-00001",
            "variables/variables.index"),
        List.copyOf(ModelDigests.of(model).keySet()));
    assertEquals(Optional.empty(), ModelDigests.warning(model));

    Path index = model.resolve(SavedModelFile.VARIABLES_INDEX);
    Files.copy(index, model.resolve("variables/extra"));
    Files.write(index, new byte[] {1});
    Path metadata = model.resolve(ModelExporter.METADATA_FILE);
    assertEquals(
        Optional.of(
            "warning: "
                + metadata
                + ": the model's files differ from the SHA-256 digests it records"
                + " (variables/extra, variables/variables.index); the figures it records may be"
                + " another model's"),
        ModelDigests.warning(model));

    // exports older than the digests are not checked
    JsonNode older = Json.MAPPER.readTree(metadata.toFile());
    ((ObjectNode) older.get("files")).remove("savedModelSha256");
    Files.writeString(metadata, Json.write(older));
    assertEquals(Optional.empty(), ModelDigests.warning(model));
    Files.delete(metadata);
    assertEquals(Optional.empty(), ModelDigests.warning(model));
  }

  @Test
  void bundledModelRecordsTheDigestsOfItsFiles() throws Exception {
    JsonNode recorded =
        Json.MAPPER
            .readTree(BUNDLED.resolve(ModelExporter.METADATA_FILE).toFile())
            .at(ModelDigests.POINTER);
    assertEquals(Json.MAPPER.valueToTree(ModelDigests.of(BUNDLED)), recorded);
    assertEquals(Optional.empty(), ModelDigests.warning(BUNDLED));
  }
}
