package io.lenet5.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lenet5.TestData;
import io.lenet5.UserException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lookup order, checksum verification and any IDX folder, on tiny synthetic files; nothing is
 * downloaded.
 */
class IdxRepositoryTest {
  @TempDir Path tmp;

  private final Map<String, byte[]> files = IdxBytes.tinyMnist();

  /** MNIST as if the tiny files were its published ones. */
  private final KnownDataset tiny = IdxBytes.like(KnownDataset.MNIST, files);

  private DataOptions options(Map<String, String> env) {
    return DataOptions.defaults()
        .withEnv(env::get)
        .withCacheDir(tmp.resolve("cache"))
        .withMirrors(List.of())
        .withDownloadAllowed(false)
        .withLog(new PrintStream(new ByteArrayOutputStream()));
  }

  /** Options for any IDX folder: the files in {@code dir}, nothing verified. */
  private DataOptions anyIdx(Path dir) {
    return options(Map.of()).withDataDir(dir).withVerifyChecksums(false);
  }

  private Path folder(String name) throws IOException {
    return folder(name, files);
  }

  private Path folder(String name, Map<String, byte[]> content) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    IdxBytes.writeGzipped(dir, content);
    return dir;
  }

  private static String failure(DataOptions options, KnownDataset known) {
    return assertThrows(UserException.class, () -> new IdxRepository(options, known).load())
        .getMessage();
  }

  @Test
  void explicitDirWinsOverEnvAndCache() throws IOException {
    Path dir = folder("explicit");
    Map<String, String> env =
        Map.of(DataOptions.dataDirEnv(tiny), tmp.resolve("nowhere").toString());

    ImageData data = new IdxRepository(options(env).withDataDir(dir), tiny).load();

    assertEquals("mnist", data.name());
    assertEquals(6, data.train().size());
    assertEquals(3, data.test().size());
    assertEquals(5, data.test().label(0));
    assertEquals(KnownDataset.numbers(10), data.classNames());
    assertEquals(IdxBytes.checksums(files), data.sha256());
    assertEquals(dir.resolve(TestData.TEST_LABELS + ".gz"), data.files().get(TestData.TEST_LABELS));
  }

  @Test
  void mnistsVariableIsLenet5DataDir() throws IOException {
    Path dir = folder("from-env");
    DataOptions options =
        options(Map.of(DataOptions.DATA_DIR_ENV, dir.toString())).withVerifyChecksums(false);
    ImageData data = new IdxRepository(options, KnownDataset.MNIST).load();
    assertEquals(6, data.train().size());
  }

  @Test
  void eachKnownSetReadsItsOwnVariable() throws IOException {
    Path dir = folder("fashion");
    Map<String, String> env =
        Map.of(
            "LENET5_FASHION_MNIST_DIR",
            dir.toString(),
            DataOptions.DATA_DIR_ENV,
            tmp.resolve("nowhere").toString());

    ImageData data =
        new IdxRepository(options(env).withVerifyChecksums(false), KnownDataset.FASHION_MNIST)
            .load();

    assertEquals("fashion-mnist", data.name());
    assertEquals("T-shirt/top", data.classNames().get(0));
    assertEquals(6, data.train().size());

    // MNIST's variable is not Fashion-MNIST's: the (empty) cache is next
    Map<String, String> mnistOnly = Map.of(DataOptions.DATA_DIR_ENV, dir.toString());
    assertEquals(
        "cache dir "
            + tmp.resolve("cache")
            + ": missing train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,"
            + " t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz and downloads are disabled;"
            + " allow them or set LENET5_FASHION_MNIST_DIR",
        failure(options(mnistOnly), KnownDataset.FASHION_MNIST));
  }

  @Test
  void rawFilesWorkLikeGzipped() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("raw"));
    files.forEach((name, content) -> IdxBytes.write(dir, name, content));
    ImageData data = new IdxRepository(options(Map.of()).withDataDir(dir), tiny).load();
    assertEquals(IdxBytes.checksums(files), data.sha256());
  }

  @Test
  void explicitDirMissingAFileNamesDirAndFile() throws IOException {
    Path dir = folder("explicit");
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
    // the cache holds everything, yet an explicit folder never falls back
    IdxBytes.writeGzipped(Files.createDirectories(tmp.resolve("cache")), files);
    assertEquals(
        "data dir "
            + dir
            + ": missing t10k-labels-idx1-ubyte.gz"
            + " (each may also be uncompressed, without .gz)",
        failure(options(Map.of()).withDataDir(dir), tiny));
  }

  @Test
  void explicitDirThatDoesNotExistOrIsAFile() throws IOException {
    Path dir = tmp.resolve("nope");
    assertEquals(
        "data dir " + dir + ": expected a folder holding the mnist files but found nothing",
        failure(options(Map.of()).withDataDir(dir), tiny));

    Path file = Files.writeString(tmp.resolve("file"), "");
    assertEquals(
        "data dir " + file + ": expected a folder holding the IDX files but found a file",
        failure(anyIdx(file), null));
  }

  @Test
  void envDirMissingFilesNamesVariableAndFiles() throws IOException {
    Path dir = folder("from-env");
    Files.delete(dir.resolve("train-images-idx3-ubyte.gz"));
    Files.delete(dir.resolve("t10k-images-idx3-ubyte.gz"));
    assertEquals(
        "LENET5_DATA_DIR="
            + dir
            + ": missing train-images-idx3-ubyte.gz,"
            + " t10k-images-idx3-ubyte.gz (each may also be uncompressed, without .gz)",
        failure(options(Map.of(DataOptions.DATA_DIR_ENV, dir.toString())), KnownDataset.MNIST));
  }

  @Test
  void emptyCacheWithDownloadsDisabled() {
    Path cache = tmp.resolve("cache");
    assertEquals(
        "cache dir "
            + cache
            + ": missing train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,"
            + " t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz and downloads are disabled;"
            + " allow them or set LENET5_DATA_DIR",
        failure(options(Map.of()), KnownDataset.MNIST));
  }

  @Test
  void checksumMismatchSaysHowToSkipVerification() throws IOException {
    Path dir = folder("explicit");
    Map<String, String> table = new HashMap<>(IdxBytes.checksums(files));
    table.put(TestData.TEST_IMAGES, "00".repeat(32));
    KnownDataset known = IdxBytes.withDigests(KnownDataset.MNIST, files, table, Map.of());
    DataOptions options = options(Map.of()).withDataDir(dir);

    assertEquals(
        dir.resolve("t10k-images-idx3-ubyte.gz")
            + ": expected SHA-256 "
            + "00".repeat(32)
            + " of the decompressed content but found "
            + IdxBytes.sha256(files.get(TestData.TEST_IMAGES))
            + "; replace the file, or pass --skip-verify to use other data in the same format",
        failure(options, known));

    ImageData unverified = new IdxRepository(options.withVerifyChecksums(false), known).load();
    assertEquals(IdxBytes.checksums(files), unverified.sha256());
  }

  @Test
  void verificationChecksTheImageCountsOfAKnownSet() throws IOException {
    Path dir = folder("mnist");
    assertEquals(
        dir.resolve(TestData.TRAIN_IMAGES + ".gz")
            + ": expected 60,000 images (mnist) but found 6; pass --skip-verify to use other data"
            + " in the same format",
        failure(options(Map.of()).withDataDir(dir), KnownDataset.MNIST));
  }

  @Test
  void aKnownSetMustHave28x28Images() throws IOException {
    Map<String, byte[]> small = new HashMap<>(files);
    small.put(TestData.TRAIN_IMAGES, IdxBytes.images(6, 0, 20, 20));
    small.put(TestData.TEST_IMAGES, IdxBytes.images(3, 0, 20, 20));
    Path dir = folder("small", small);
    assertEquals(
        dir.resolve(TestData.TRAIN_IMAGES + ".gz")
            + ": expected 28x28 images (mnist) but found 20x20",
        failure(anyIdx(dir), KnownDataset.MNIST));

    // the same files as any IDX folder: labels 0..7
    assertEquals(
        "20x20, 8 classes", new IdxRepository(anyIdx(dir), null).load().train().describe());
  }

  @Test
  void anyIdxFolderTakesItsClassesFromTheLabelsAndItsSizeFromTheHeader() throws IOException {
    Map<String, byte[]> letters =
        IdxBytes.files(
            KnownDataset.IDX_NAMES,
            IdxBytes.images(30, 3, 20, 20),
            IdxBytes.labels(IdxBytes.labelValues(30, 0, 26, 0)), // 0..25, then 0..3
            IdxBytes.images(4, 50, 20, 20),
            IdxBytes.labels(IdxBytes.labelValues(4, 7, 26, 0)));
    Path dir = folder("letters", letters);

    ImageData data = new IdxRepository(anyIdx(dir), null).load();

    assertEquals(DataConfig.IDX, data.name());
    assertEquals("20x20, 26 classes", data.train().describe());
    assertEquals("20x20, 26 classes", data.test().describe());
    assertEquals(26, data.classNames().size());
    assertEquals("0", data.classNames().get(0));
    assertEquals("25", data.classNames().get(25));
    assertEquals(KnownDataset.numbers(26), data.classNames());
    assertEquals(25, data.train().label(25));
    assertEquals(10, data.test().label(3));
    // pixel p of image i is (seed + 7i + p) & 0xff, p = 20 * row + col
    assertEquals((3 + 7 * 29 + 20 * 19 + 18) & 0xff, data.train().pixel(29, 19, 18));
    assertEquals((50 + 7 * 2 + 20 * 4 + 11) & 0xff, data.test().pixel(2, 4, 11));
    assertEquals(IdxBytes.checksums(letters), data.sha256());
  }

  @Test
  void theLargestLabelOfEitherSetCounts() throws IOException {
    Map<String, byte[]> content = new HashMap<>(files);
    content.put(TestData.TRAIN_LABELS, IdxBytes.labels(new byte[] {0, 1, 2, 0, 1, 2}));
    content.put(TestData.TEST_LABELS, IdxBytes.labels(new byte[] {0, 4, 1}));
    ImageData data = new IdxRepository(anyIdx(folder("five", content)), null).load();
    assertEquals(5, data.train().classes());
    assertEquals(List.of("0", "1", "2", "3", "4"), data.classNames());
  }

  @Test
  void anyIdxFolderNeedsTwoClasses() throws IOException {
    Map<String, byte[]> content = new HashMap<>(files);
    content.put(TestData.TRAIN_LABELS, IdxBytes.labels(new byte[6]));
    content.put(TestData.TEST_LABELS, IdxBytes.labels(new byte[3]));
    Path dir = folder("zeros", content);
    assertEquals(
        dir.resolve(TestData.TRAIN_LABELS + ".gz")
            + ": expected labels of 2 or more classes, found only label 0",
        failure(anyIdx(dir), null));
  }

  @Test
  void anyIdxFolderNeedsItsFolder() {
    assertEquals(
        "data: without checksums and a data set's name, the files may be any IDX set; pass"
            + " --data-dir with their folder, or --dataset with the name of a known one",
        failure(options(Map.of(DataOptions.DATA_DIR_ENV, tmp.toString())), null));
  }

  @Test
  void testImagesMustBeTheSizeOfTheTrainingImages() throws IOException {
    Map<String, byte[]> content = new HashMap<>(files);
    content.put(TestData.TRAIN_IMAGES, IdxBytes.images(6, 0, 20, 20));
    content.put(TestData.TEST_IMAGES, IdxBytes.images(3, 0, 24, 20));
    Path dir = folder("mixed", content);
    assertEquals(
        dir.resolve(TestData.TEST_IMAGES + ".gz")
            + ": expected 20x20 images as in "
            + dir.resolve(TestData.TRAIN_IMAGES + ".gz")
            + " but found 24x20",
        failure(anyIdx(dir), null));
  }
}
