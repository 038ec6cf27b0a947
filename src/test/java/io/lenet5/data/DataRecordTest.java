package io.lenet5.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.TestData;
import io.lenet5.UserException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record of what a run trained on: kept, compared by content, refused when it differs. */
class DataRecordTest {
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);

  @TempDir Path run;
  @TempDir Path data;

  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  private void check(ImageData found) {
    DataRecord.requireSameOrRecord(run, found, "the run in " + run, "use it", new PrintStream(log));
  }

  private String refusal(ImageData found) {
    return assertThrows(UserException.class, () -> check(found)).getMessage();
  }

  @Test
  void theSameContentPassesWhereverItLies() throws IOException {
    DataRecord.write(run, TestData.stub(data, A));
    String written = Files.readString(run.resolve(DataRecord.FILE));

    check(TestData.stub(data.resolve("moved"), A));

    assertEquals(written, Files.readString(run.resolve(DataRecord.FILE)), "left as it was");
    assertEquals("", log.toString());
    assertTrue(written.startsWith("{\n  \"formatVersion\": 1,\n  \"sha256\": {\n"), written);
  }

  @Test
  void otherContentIsRefusedNamingTheFirstFileThatDiffers() {
    DataRecord.write(run, TestData.stub(data, A));
    ImageData shifted = TestData.stub(data, A);
    Map<String, String> digests = new LinkedHashMap<>(); // in the data set's order of files
    for (String name : KnownDataset.IDX_NAMES) {
      digests.put(name, A);
    }
    digests.put(TestData.TRAIN_LABELS, B);
    digests.put(TestData.TEST_LABELS, B);

    String message =
        refusal(
            new ImageData(
                shifted.name(),
                shifted.train(),
                shifted.test(),
                shifted.classNames(),
                digests,
                shifted.files()));

    assertEquals(
        data.resolve("train-labels-idx1-ubyte.gz")
            + ": differs from the data the run in "
            + run
            + " was trained on (sha256 aaaaaaaaaaaa... recorded in "
            + run.resolve("data.json")
            + ", bbbbbbbbbbbb... found); use it",
        message);
  }

  @Test
  void aFolderWithoutARecordIsAcceptedAndRecordedFromThenOn() {
    check(TestData.stub(data, A));

    assertEquals(
        "no record of the data the run in " + run + " was trained on; recording this data\n",
        log.toString());
    assertTrue(refusal(TestData.stub(data, B)).contains(": differs from the data the run in "));
  }

  @Test
  void anUnreadableRecordIsNamed() throws IOException {
    Path file = run.resolve(DataRecord.FILE);
    Files.writeString(file, "{\"formatVersion\": 2, \"sha256\": {}}");
    assertEquals(file + ": expected formatVersion 1, received 2", refusal(TestData.stub(data, A)));

    Files.writeString(file, "{\"formatVersion\": 1, \"sha256\": {\"train-images-idx3-ubyte\": 1}}");
    assertEquals(
        file
            + ": expected sha256 to give a 64-digit hex SHA-256 for each file of the data,"
            + " received {train-images-idx3-ubyte=1}",
        refusal(TestData.stub(data, A)));

    Files.writeString(file, "{\"formatVersion\": 1, \"sha256\": {}}");
    assertEquals(
        file
            + ": expected sha256 to give a 64-digit hex SHA-256 for each file of the data,"
            + " received {}",
        refusal(TestData.stub(data, A)));
  }

  @Test
  void otherFileNamesAreRefusedListingBoth() {
    DataRecord.write(run, TestData.stub(data, A));
    ImageData folder = withDigests(TestData.stub(data, A), Map.of("folder", A));

    assertEquals(
        "this data (folder) differs from the data the run in "
            + run
            + " was trained on (t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte,"
            + " train-images-idx3-ubyte, train-labels-idx1-ubyte, recorded in "
            + run.resolve(DataRecord.FILE)
            + "); use it",
        refusal(folder));

    Map<String, String> three = new HashMap<>(TestData.stub(data, A).sha256());
    three.remove(TestData.TEST_LABELS);
    assertTrue(
        refusal(withDigests(TestData.stub(data, A), three))
            .startsWith(
                "this data (t10k-images-idx3-ubyte, train-images-idx3-ubyte,"
                    + " train-labels-idx1-ubyte) differs from the data the run in "),
        "a missing file is refused too");
  }

  @Test
  void anyFileNamesAreRecordedAndCompared() {
    Map<String, String> emnist = new HashMap<>();
    for (String name : KnownDataset.EMNIST_LETTERS.files()) {
      emnist.put(name, A);
    }
    DataRecord.write(run, withDigests(TestData.stub(data, A), emnist));

    check(withDigests(TestData.stub(data, A), emnist));

    String testLabels = KnownDataset.EMNIST_LETTERS.files().get(KnownDataset.TEST_LABELS);
    emnist.put(testLabels, B);
    assertTrue(
        refusal(withDigests(TestData.stub(data, A), emnist))
            .startsWith(
                data.resolve(testLabels + ".gz") + ": differs from the data the run in " + run),
        "the file whose content differs is named");
  }

  /** {@code base} with other digests, each file lying in {@link #data} under its name. */
  private ImageData withDigests(ImageData base, Map<String, String> digests) {
    Map<String, Path> files = new HashMap<>();
    digests.keySet().forEach(name -> files.put(name, data.resolve(name + ".gz")));
    return new ImageData(base.name(), base.train(), base.test(), base.classNames(), digests, files);
  }
}
