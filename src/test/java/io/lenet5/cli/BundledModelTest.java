package io.lenet5.cli;

import static io.lenet5.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lenet5.Json;
import io.lenet5.TestData;
import io.lenet5.data.KnownDataset;
import io.lenet5.export.ExportMetadata;
import io.lenet5.export.ModelExporter;
import io.lenet5.export.Provenance;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's accuracy check on the bundled model: at least 99.5% on the MNIST test set, as its
 * metadata records. Skipped while {@code saved-models/lenet5-mnist} holds no model.
 */
class BundledModelTest {
  private static final Path BUNDLED = Path.of("saved-models", "lenet5-mnist");

  @Test
  void bundledModelPassesTheAccuracyCheck() throws Exception {
    assumeTrue(Files.isDirectory(BUNDLED), BUNDLED + " holds no model yet");
    MainTest.Run r =
        run(
            "evaluate",
            "--model",
            BUNDLED.toString(),
            "--data-dir",
            TestData.dir().toString(),
            "--min-accuracy",
            "0.995",
            "--json");
    assertEquals(0, r.status(), r.out() + r.err());
    assertEquals("", r.err(), "its files match the digests its metadata records");
    JsonNode recorded = Json.MAPPER.readTree(BUNDLED.resolve(ModelExporter.METADATA_FILE).toFile());
    assertEquals(
        recorded.at("/provenance/testAccuracy").asDouble(),
        Json.MAPPER.readTree(r.out()).get("accuracy").asDouble(),
        1e-4);
  }

  @Test
  void bundledMetadataReadsBackAndNamesNoFolders() throws Exception {
    Path file = BUNDLED.resolve(ModelExporter.METADATA_FILE);
    ExportMetadata metadata = Json.read(file, ExportMetadata.class);
    assertEquals(Files.readString(file), Json.write(metadata), "written in the one JSON format");
    Provenance provenance = metadata.provenance();
    assertFalse(provenance.source().contains("/"), provenance.source());
    assertTrue(provenance.spec().at("/data/dir").isMissingNode());
    assertTrue(provenance.spec().at("/output").isMissingNode());
    assertEquals(KnownDataset.MNIST.sha256(), provenance.dataSha256());
  }
}
