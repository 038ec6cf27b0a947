package io.lenet5.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.Json;
import io.lenet5.TestData;
import io.lenet5.UserException;
import io.lenet5.data.DataRecord;
import io.lenet5.data.ImageData;
import io.lenet5.spec.TuneSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search resumes only on the data it was trained on. Opening a folder and not running it is what
 * a search killed before its first trial leaves; nothing is trained.
 */
class TunerDataTest {
  private static final String SPEC =
      """
      {
        "specVersion": 1,
        "searchSpace": [ { "name": "learningRate", "type": "float", "min": 0.001, "max": 0.01 } ],
        "tuner": { "maxEpochs": 3, "factor": 3 },
        "output": { "directory": "%s" }
      }
      """;

  @TempDir Path tmp;

  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  private TuneSpec spec() {
    return Json.parse(SPEC.formatted(tmp.resolve("search")), TuneSpec.class, "spec");
  }

  /** Opens the search folder and, as the search's run would, starts its oracle there. */
  private void open(ImageData data, boolean overwrite) {
    Tuner.open(spec(), data, overwrite, false, new PrintStream(log, true, StandardCharsets.UTF_8));
    TrialStore store = TrialStore.at(tmp.resolve("search"));
    if (!store.exists()) {
      HyperbandOracle.start(Fakes.config(3, 3, 1, Objective.Direction.MAX), Fakes.SAMPLER, store);
    }
  }

  private Path record() {
    return tmp.resolve("search").resolve(DataRecord.FILE);
  }

  @Test
  void otherDataIsRefusedAndMovedDataResumes() throws IOException {
    Path data = tmp.resolve("mnist");
    open(TestData.stub(data, "a".repeat(64)), false);
    String recorded = Files.readString(record());

    UserException e =
        assertThrows(UserException.class, () -> open(TestData.stub(data, "b".repeat(64)), false));
    assertEquals(
        data.resolve("train-images-idx3-ubyte.gz")
            + ": differs from the data the search in "
            + tmp.resolve("search")
            + " was trained on (sha256 aaaaaaaaaaaa... recorded in "
            + record()
            + ", bbbbbbbbbbbb... found); point --data-dir at that data, or pass --overwrite to"
            + " start over on this data",
        e.getMessage());
    assertEquals(recorded, Files.readString(record()));

    log.reset();
    open(TestData.stub(tmp.resolve("moved"), "a".repeat(64)), false);
    assertTrue(log.toString().startsWith("resuming the search in "), log.toString());
  }

  @Test
  void overwriteStartsOverOnTheNewData() throws IOException {
    open(TestData.stub(tmp.resolve("mnist"), "a".repeat(64)), false);

    open(TestData.stub(tmp.resolve("mnist"), "b".repeat(64)), true);

    assertTrue(Files.readString(record()).contains("b".repeat(64)));
    assertTrue(log.toString().contains("overwriting the search in "), log.toString());
  }

  @Test
  void aSearchOfTheLastReleaseResumesAndRecordsItsData() throws IOException {
    Path data = tmp.resolve("mnist");
    open(TestData.stub(data, "a".repeat(64)), false);
    Files.delete(record()); // the last release wrote none

    log.reset();
    open(TestData.stub(data, "a".repeat(64)), false);

    assertTrue(log.toString().startsWith("no record of the data the search in "), log.toString());
    assertTrue(log.toString().contains("resuming the search in "), log.toString());
    assertTrue(Files.readString(record()).contains("a".repeat(64)));
    assertThrows(UserException.class, () -> open(TestData.stub(data, "b".repeat(64)), false));
  }
}
