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
import org.junit.jupiter.api.Test;

class DataOptionsTest {
  private final DataOptions defaults = DataOptions.defaults();

  private String failure(Runnable change) {
    return assertThrows(UserException.class, change::run).getMessage();
  }

  @Test
  void defaultsVerifyAndDownloadIntoTheUserCache() {
    assertEquals(
        Path.of(System.getProperty("user.home"), ".cache", "lenet5", "mnist"), defaults.cacheDir());
    assertNull(defaults.dataDir());
    assertTrue(defaults.verifyChecksums());
    assertTrue(defaults.downloadAllowed());
    assertEquals(
        DataOptions.mirrorsFrom(System.getenv(DataOptions.MIRRORS_ENV)), defaults.mirrors());
    assertEquals(MnistFiles.SHA256, defaults.expectedSha256());
  }

  @Test
  void mirrorsComeFromTheEnvironmentWhenSet() {
    assertEquals(DataOptions.DEFAULT_MIRRORS, DataOptions.mirrorsFrom(null));
    assertEquals(DataOptions.DEFAULT_MIRRORS, DataOptions.mirrorsFrom(" "));
    assertEquals(
        List.of(URI.create("http://127.0.0.1:8000/"), URI.create("https://h/mnist/")),
        DataOptions.mirrorsFrom(" http://127.0.0.1:8000  https://h/mnist/ "));
    assertEquals(
        "LENET5_MNIST_MIRRORS: expected http(s) URLs separated by spaces but found 'ftp://h/'",
        failure(() -> DataOptions.mirrorsFrom("http://h/ ftp://h/")));
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
