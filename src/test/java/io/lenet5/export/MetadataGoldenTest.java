package io.lenet5.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lenet5.BuildInfo;
import io.lenet5.Json;
import io.lenet5.data.KnownDataset;
import io.lenet5.model.LeNet5;
import io.lenet5.model.ModelConfig;
import io.lenet5.spec.SpecFingerprint;
import io.lenet5.spec.TrainSpec;
import io.lenet5.spec.TuneSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export's {@code metadata.json}, pinned by {@code golden-metadata.json}. After a deliberate
 * format change, rewrite it with {@code mvn test -Dtest=MetadataGoldenTest
 * -Dlenet5.rewriteGolden=true} and review the diff.
 */
class MetadataGoldenTest {
  private static final Path GOLDEN =
      Path.of("src/test/resources/io/lenet5/export/golden-metadata.json");

  /** The metadata the golden file holds: the default spec trained for 10 epochs. */
  static ExportMetadata generate() {
    TrainSpec spec = TrainSpec.DEFAULT;
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("lenet5", "0.1.0");
    versions.put("tensorflowJava", "1.1.0");
    versions.put("tensorflow", "2.18.0");
    versions.put("natives", "linux-x86_64");
    versions.put("java", "17.0.15");
    Provenance provenance =
        new Provenance(
            "train run, epoch 10",
            Json.MAPPER.valueToTree(spec),
            spec.seed(),
            Provenance.hyperparameters(spec.model(), spec.training()),
            10,
            KnownDataset.MNIST.sha256(),
            0.9884,
            0.9901);
    Map<String, String> digests = new TreeMap<>();
    digests.put("saved_model.pb", "1".repeat(64));
    digests.put("variables/variables.data-00000-of-00001", "2".repeat(64));
    digests.put("variables/variables.index", "3".repeat(64));
    return ExportMetadata.of(
        ModelConfig.DEFAULT,
        "mnist",
        KnownDataset.MNIST.classNames(),
        provenance,
        new ExportMetadata.ExportInfo(
            "2025-01-02T03:04:05Z", "0123456789abcdef0123456789abcdef01234567", false, versions),
        digests);
  }

  @Test
  void generatorStillProducesTheGoldenFile() throws Exception {
    assertEquals(Files.readString(GOLDEN), Json.write(generate()));
  }

  @Test
  void goldenFileReadsBackAndRewritesUnchanged() throws Exception {
    String golden = Files.readString(GOLDEN);
    ExportMetadata read = Json.parse(golden, ExportMetadata.class, GOLDEN.toString());
    assertEquals(0.9901, read.provenance().testAccuracy());
    assertEquals(golden, Json.write(read));
  }

  @Test
  void anExportWritesMetadataOfTheGoldenShape(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("model");
    ExportMetadata golden = generate();
    ModelExporter.export(
        LeNet5.STRICT.initialWeights(1),
        ModelConfig.DEFAULT,
        "mnist",
        KnownDataset.MNIST.classNames(),
        golden.provenance(),
        out);
    JsonNode written = Json.MAPPER.readTree(out.resolve(ModelExporter.METADATA_FILE).toFile());
    assertEquals(fields(Json.MAPPER.readTree(GOLDEN.toFile()), ""), fields(written, ""));
    assertEquals(golden.provenance().specSha256(), written.at("/provenance/specSha256").asText());
    assertEquals(
        Json.MAPPER.valueToTree(ModelDigests.of(out)), written.at(ModelDigests.POINTER), "digests");
    Instant.parse(written.at("/export/exportedAt").asText());
    JsonNode commit = written.at("/export/gitCommit");
    assertTrue(commit.isNull() || commit.asText().matches("[0-9a-f]{40}"), commit.toString());
    JsonNode dirty = written.at("/export/gitDirty");
    assertEquals(commit.isNull(), dirty.isNull(), dirty.toString());
    assertEquals(BuildInfo.gitCommit(), commit.isNull() ? null : commit.asText());
    assertEquals("1.1.0", written.at("/export/versions/tensorflowJava").asText());
  }

  @Test
  void metadataWithoutDigestsReadsBackAndRewritesUnchanged() throws Exception {
    // as exports before the digests wrote it
    String golden = Files.readString(GOLDEN);
    String older = golden.replaceFirst(",\n    \"savedModelSha256\": \\{[^}]*\\}", "");
    assertNotEquals(golden, older);
    ExportMetadata read = Json.parse(older, ExportMetadata.class, "older metadata");
    assertNull(read.files().savedModelSha256());
    assertEquals(older, Json.write(read));
  }

  @Test
  void provenanceKeepsNoFoldersAndItsFingerprintIgnoresThem() {
    TuneSpec here = tuneSpec("/home/a/mnist", "/home/a/runs/x", 42);
    TuneSpec there = tuneSpec("/data/mnist", "runs/y", 42);
    Provenance a = provenanceOf(here);
    Provenance b = provenanceOf(there);
    assertTrue(a.spec().at("/data/dir").isMissingNode(), a.spec().toString());
    assertTrue(a.spec().at("/output").isMissingNode(), a.spec().toString());
    assertEquals(5000, a.spec().at("/data/validationSize").asInt());
    assertEquals(a.specSha256(), b.specSha256());
    assertNotEquals(
        a.specSha256(), provenanceOf(tuneSpec("/home/a/mnist", "/home/a/runs/x", 7)).specSha256());
  }

  private static TuneSpec tuneSpec(String dataDir, String outDir, int seed) {
    return Json.parse(
        """
        {"specVersion": 1, "seed": %d, "data": {"dir": "%s"},
         "searchSpace": [{"name": "learningRate", "type": "float", "min": 0.001, "max": 0.01}],
         "tuner": {"algorithm": "hyperband", "maxEpochs": 3, "factor": 3},
         "objective": {"metric": "val_accuracy", "direction": "max"},
         "output": {"directory": "%s"}}
        """
            .formatted(seed, dataDir, outDir),
        TuneSpec.class,
        "test spec");
  }

  private static Provenance provenanceOf(TuneSpec spec) {
    return new Provenance(
        "tune, trial 0000",
        Json.MAPPER.valueToTree(spec),
        spec.seed(),
        Map.of(),
        3,
        KnownDataset.MNIST.sha256(),
        null,
        null);
  }

  @Test
  void fingerprintIgnoresKeyOrderAndFormatting() throws Exception {
    JsonNode a =
        Json.MAPPER.readTree(
            "{\"seed\": 1, \"model\": {\"pooling\": \"max\", \"activation\": \"relu\"}}");
    JsonNode b =
        Json.MAPPER.readTree(
            "{\"model\":{\"activation\":\"relu\",\"pooling\":\"max\"},\"seed\":1}");
    JsonNode c =
        Json.MAPPER.readTree(
            "{\"model\":{\"activation\":\"relu\",\"pooling\":\"max\"},\"seed\":2}");
    assertEquals(
        "{\"model\":{\"activation\":\"relu\",\"pooling\":\"max\"},\"seed\":1}", Json.canonical(a));
    assertEquals(SpecFingerprint.sha256(a), SpecFingerprint.sha256(b));
    assertNotEquals(SpecFingerprint.sha256(a), SpecFingerprint.sha256(c));
  }

  /** Every object field's path, e.g. {@code /provenance/spec/seed}: the shape, not the values. */
  private static Set<String> fields(JsonNode node, String path) {
    Set<String> paths = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String child = path + "/" + field.getKey();
      paths.add(child);
      paths.addAll(fields(field.getValue(), child));
    }
    return paths;
  }

  @Test
  @EnabledIfSystemProperty(named = "lenet5.rewriteGolden", matches = "true")
  void rewriteGoldenFile() throws Exception {
    Files.writeString(GOLDEN, Json.write(generate()));
  }
}
