package io.lenet5.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

/** Lookup order and checksum verification, on tiny synthetic files; nothing is downloaded. */
class MnistRepositoryTest {
  @TempDir Path tmp;

  private final Map<String, byte[]> files = IdxBytes.tinyMnist();

  private DataOptions options(Map<String, String> env) {
    return DataOptions.defaults()
        .withEnv(env::get)
        .withCacheDir(tmp.resolve("cache"))
        .withMirrors(List.of())
        .withDownloadAllowed(false)
        .withExpectedSha256(IdxBytes.checksums(files))
        .withLog(new PrintStream(new ByteArrayOutputStream()));
  }

  private Path folder(String name) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    IdxBytes.writeGzipped(dir, files);
    return dir;
  }

  private static String failure(DataOptions options) {
    return assertThrows(UserException.class, () -> new MnistRepository(options).load())
        .getMessage();
  }

  @Test
  void explicitDirWinsOverEnvAndCache() throws IOException {
    Path dir = folder("explicit");
    Map<String, String> env = Map.of(DataOptions.DATA_DIR_ENV, tmp.resolve("nowhere").toString());

    MnistData data = new MnistRepository(options(env).withDataDir(dir)).load();

    assertEquals(6, data.train().size());
    assertEquals(3, data.test().size());
    assertEquals(5, data.test().label(0));
    assertEquals(IdxBytes.checksums(files), data.sha256());
  }

  @Test
  void envDirIsUsedWithoutExplicitDir() throws IOException {
    Path dir = folder("from-env");
    MnistData data =
        new MnistRepository(options(Map.of(DataOptions.DATA_DIR_ENV, dir.toString()))).load();
    assertEquals(6, data.train().size());
  }

  @Test
  void rawFilesWorkLikeGzipped() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("raw"));
    files.forEach((name, content) -> IdxBytes.write(dir, name, content));
    MnistData data = new MnistRepository(options(Map.of()).withDataDir(dir)).load();
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
        failure(options(Map.of()).withDataDir(dir)));
  }

  @Test
  void explicitDirThatDoesNotExist() {
    Path dir = tmp.resolve("nope");
    assertEquals(
        "data dir " + dir + ": expected a folder holding the MNIST files but found nothing",
        failure(options(Map.of()).withDataDir(dir)));
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
        failure(options(Map.of(DataOptions.DATA_DIR_ENV, dir.toString()))));
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
        failure(options(Map.of())));
  }

  @Test
  void checksumMismatchSaysHowToSkipVerification() throws IOException {
    Path dir = folder("explicit");
    Map<String, String> table = new HashMap<>(IdxBytes.checksums(files));
    table.put(MnistFiles.TEST_IMAGES, "00".repeat(32));
    DataOptions options = options(Map.of()).withDataDir(dir).withExpectedSha256(table);

    assertEquals(
        dir.resolve("t10k-images-idx3-ubyte.gz")
            + ": expected SHA-256 "
            + "00".repeat(32)
            + " of the decompressed content but found "
            + IdxBytes.sha256(files.get(MnistFiles.TEST_IMAGES))
            + "; replace the file, or pass --skip-verify to use other data in the same format"
            + " (e.g. Fashion-MNIST)",
        failure(options));

    MnistData unverified = new MnistRepository(options.withVerifyChecksums(false)).load();
    assertEquals(IdxBytes.checksums(files), unverified.sha256());
  }

  @Test
  void incompleteChecksumTable() {
    DataOptions options = options(Map.of()).withExpectedSha256(Map.of());
    UserException e = assertThrows(UserException.class, () -> new MnistRepository(options));
    assertEquals(
        "checksum table: expected a SHA-256 for train-images-idx3-ubyte but found none;"
            + " pass --skip-verify to load without checking",
        e.getMessage());
  }
}
