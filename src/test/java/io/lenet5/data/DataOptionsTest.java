package io.lenet5.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.UserException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataOptionsTest {
  private final DataOptions defaults = DataOptions.defaults();

  private String failure(Runnable change) {
    return assertThrows(UserException.class, change::run).getMessage();
  }

  @Test
  void defaultsVerifyAndDownloadIntoTheUserCache() {
    Path root = Path.of(System.getProperty("user.home"), ".cache", "lenet5");
    assertEquals(root, DataOptions.cacheRoot());
    assertNull(defaults.cacheDir(), "resolved per data set");
    assertNull(defaults.mirrors(), "resolved per data set");
    assertEquals(root.resolve("mnist"), defaults.cacheDirFor(KnownDataset.MNIST));
    assertEquals(root.resolve("fashion-mnist"), defaults.cacheDirFor(KnownDataset.FASHION_MNIST));
    assertNull(defaults.dataDir());
    assertTrue(defaults.verifyChecksums());
    assertTrue(defaults.downloadAllowed());
  }

  @Test
  void anExplicitCacheDirServesEverySet() {
    DataOptions options = defaults.withCacheDir(Path.of("c"));
    assertEquals(Path.of("c"), options.cacheDirFor(KnownDataset.MNIST));
    assertEquals(Path.of("c"), options.cacheDirFor(KnownDataset.EMNIST_LETTERS));
  }

  @Test
  void eachSetHasItsOwnVariables() {
    assertEquals("LENET5_DATA_DIR", DataOptions.dataDirEnv(KnownDataset.MNIST));
    assertEquals("LENET5_FASHION_MNIST_DIR", DataOptions.dataDirEnv(KnownDataset.FASHION_MNIST));
    assertEquals("LENET5_KMNIST_DIR", DataOptions.dataDirEnv(KnownDataset.KMNIST));
    assertEquals("LENET5_EMNIST_LETTERS_DIR", DataOptions.dataDirEnv(KnownDataset.EMNIST_LETTERS));
    assertEquals(DataOptions.MIRRORS_ENV, DataOptions.mirrorsEnv(KnownDataset.MNIST));
    assertEquals("LENET5_MNIST_MIRRORS", DataOptions.mirrorsEnv(KnownDataset.MNIST));
    assertEquals(
        "LENET5_FASHION_MNIST_MIRRORS", DataOptions.mirrorsEnv(KnownDataset.FASHION_MNIST));
  }

  @Test
  void mirrorsComeFromTheEnvironmentWhenSet() {
    assertNull(DataOptions.mirrorsFrom(DataOptions.MIRRORS_ENV, null));
    assertNull(DataOptions.mirrorsFrom(DataOptions.MIRRORS_ENV, " "));
    assertEquals(
        List.of(URI.create("http://127.0.0.1:8000/"), URI.create("https://h/mnist/")),
        DataOptions.mirrorsFrom(
            DataOptions.MIRRORS_ENV, " http://127.0.0.1:8000  https://h/mnist/ "));
    assertEquals(
        "LENET5_MNIST_MIRRORS: expected http(s) URLs separated by spaces but found 'ftp://h/'",
        failure(() -> DataOptions.mirrorsFrom(DataOptions.MIRRORS_ENV, "http://h/ ftp://h/")));
    assertEquals(
        "LENET5_FASHION_MNIST_MIRRORS: expected http(s) URLs separated by spaces but found"
            + " 'h'",
        failure(() -> DataOptions.mirrorsFrom("LENET5_FASHION_MNIST_MIRRORS", "h")));
  }

  @Test
  void mirrorsAreTheExplicitOnesElseTheVariablesElseThePublicOnes() {
    Map<String, String> env = Map.of("LENET5_FASHION_MNIST_MIRRORS", "http://local/fashion");
    DataOptions fromEnv = defaults.withEnv(env::get);

    assertEquals(
        List.of(URI.create("http://local/fashion/")),
        fromEnv.mirrorsFor(KnownDataset.FASHION_MNIST));
    assertEquals(
        KnownDataset.MNIST.mirrors(),
        fromEnv.mirrorsFor(KnownDataset.MNIST),
        "another set's variable is not read");
    assertEquals(List.of(), fromEnv.mirrorsFor(KnownDataset.EMNIST_DIGITS), "EMNIST has none");

    List<URI> explicit = List.of(URI.create("http://127.0.0.1:1/"));
    assertEquals(explicit, fromEnv.withMirrors(explicit).mirrorsFor(KnownDataset.FASHION_MNIST));
    assertEquals(List.of(), fromEnv.withMirrors(List.of()).mirrorsFor(KnownDataset.MNIST));
  }

  @Test
  void withMethodsChangeOneFieldAndKeepTheRest() {
    DataOptions changed = defaults.withVerifyChecksums(false).withDataDir(Path.of("d"));
    assertFalse(changed.verifyChecksums());
    assertEquals(Path.of("d"), changed.dataDir());
    assertEquals(defaults.cacheDir(), changed.cacheDir());
    assertTrue(defaults.verifyChecksums(), "the original is unchanged");
  }

  @Test
  void mirrorsGetATrailingSlash() {
    List<URI> mirrors =
        List.of(
            URI.create("http://h/mnist"), URI.create("https://h:8080/a/"), URI.create("http://h"));
    assertEquals(
        List.of(
            URI.create("http://h/mnist/"),
            URI.create("https://h:8080/a/"),
            URI.create("http://h/")),
        defaults.withMirrors(mirrors).mirrors());
  }

  @Test
  void badValuesNameTheField() {
    assertEquals(
        "mirror: expected an http(s) URL but found 'ftp://h/mnist/'",
        failure(() -> defaults.withMirrors(List.of(URI.create("ftp://h/mnist/")))));
    assertEquals(
        "retries per mirror: expected 0 or more but found -1",
        failure(() -> defaults.withRetries(-1, Duration.ZERO)));
    assertEquals(
        "retry backoff: expected 0 or more but found PT-1S",
        failure(() -> defaults.withRetries(0, Duration.ofSeconds(-1))));
    assertEquals(
        "connect timeout: expected more than 0 but found PT0S",
        failure(() -> defaults.withTimeouts(Duration.ZERO, Duration.ofSeconds(1))));
    assertEquals(
        "mirror deadline: expected more than 0 but found PT-1S",
        failure(() -> defaults.withMirrorDeadline(Duration.ofSeconds(-1))));
  }
}
