package io.lenet5.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.UserException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fashion-MNIST by name, downloaded from a mirror on 127.0.0.1: the real files where Debian's
 * dataset-fashion-mnist package is installed (as on CI), else generated look-alikes.
 */
class FashionMnistMirrorTest {
  /** Where Debian's dataset-fashion-mnist installs the four gzip files. */
  private static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");

  private static final String TEST_LABELS = KnownDataset.IDX_NAMES.get(KnownDataset.TEST_LABELS);

  @TempDir Path tmp;

  /**
   * What a mirror serves and what it must be.
   *
   * @param gzipped file name (without .gz) to the gzip file served
   * @param known {@link KnownDataset#FASHION_MNIST} itself for the real files, else a copy with the
   *     generated files' counts and digests
   */
  private record Source(Map<String, byte[]> gzipped, KnownDataset known, boolean real) {
    static Source find() throws IOException {
      Map<String, byte[]> gzipped = new HashMap<>();
      if (KnownDataset.IDX_NAMES.stream()
          .allMatch(name -> Files.isRegularFile(DEBIAN.resolve(name + ".gz")))) {
        for (String name : KnownDataset.IDX_NAMES) {
          gzipped.put(name, Files.readAllBytes(DEBIAN.resolve(name + ".gz")));
        }
        return new Source(gzipped, KnownDataset.FASHION_MNIST, true);
      }
      Map<String, byte[]> files = IdxBytes.tinyMnist();
      files.forEach((name, content) -> gzipped.put(name, IdxBytes.gzip(content)));
      return new Source(gzipped, IdxBytes.like(KnownDataset.FASHION_MNIST, files), false);
    }

    Map<String, byte[]> served() {
      Map<String, byte[]> served = new HashMap<>();
      gzipped.forEach((name, gzip) -> served.put(name + ".gz", gzip));
      return served;
    }
  }

  private DataOptions options(LocalMirror mirror, Path cache) {
    return DataOptions.defaults()
        .withEnv(Map.<String, String>of()::get)
        .withCacheDir(cache)
        .withMirrors(List.of(mirror.uri()))
        .withRetries(0, Duration.ZERO)
        .withLog(new PrintStream(new ByteArrayOutputStream()));
  }

  @Test
  void downloadsAndLoadsFashionMnist() throws IOException {
    Source source = Source.find();
    Path cache = tmp.resolve("cache");
    ImageData data;
    try (LocalMirror mirror = LocalMirror.serving("fashion", source.served())) {
      data = new IdxRepository(options(mirror, cache), source.known()).load();
      for (String name : KnownDataset.IDX_NAMES) {
        assertEquals(1, mirror.hits(name + ".gz"), name);
        assertTrue(Files.isRegularFile(cache.resolve(name + ".gz")), name);
      }
    }

    assertEquals("fashion-mnist", data.name());
    assertEquals("28x28, 10 classes", data.train().describe());
    assertEquals(10, data.classNames().size());
    assertEquals("T-shirt/top", data.classNames().get(0));
    assertEquals(source.known().sha256(), data.sha256());
    if (source.real()) {
      assertEquals(60_000, data.train().size());
      assertEquals(10_000, data.test().size());
      assertEquals(KnownDataset.FASHION_MNIST.sha256(), data.sha256());
      assertEquals("Ankle boot", data.classNames().get(data.train().label(0)));
      assertEquals(9, data.test().label(0));
    } else {
      assertEquals(6, data.train().size());
      assertEquals(3, data.test().size());
      assertEquals(5, data.test().label(0));
    }
  }

  @Test
  void aDownloadWithOneByteChangedIsRefused() throws IOException {
    Source source = Source.find();
    Path cache = Files.createDirectories(tmp.resolve("cache"));
    // the other three are in the cache already: only the test labels are downloaded
    source
        .gzipped()
        .forEach(
            (name, gzip) -> {
              if (!name.equals(TEST_LABELS)) {
                IdxBytes.write(cache, name + ".gz", gzip);
              }
            });
    byte[] content = IdxBytes.gunzip(source.gzipped().get(TEST_LABELS));
    content[8] = (byte) ((content[8] + 1) % 10); // the first label: still valid IDX
    byte[] corrupt = IdxBytes.gzip(content);

    try (LocalMirror mirror =
        LocalMirror.serving("fashion", Map.of(TEST_LABELS + ".gz", corrupt))) {
      String message =
          assertThrows(
                  UserException.class,
                  () -> new IdxRepository(options(mirror, cache), source.known()).load())
              .getMessage();

      String expected = source.known().sha256().get(TEST_LABELS);
      assertEquals(
          "could not download t10k-labels-idx1-ubyte.gz into "
              + cache
              + ": tried "
              + mirror.uri()
              + "/t10k-labels-idx1-ubyte.gz (corrupt download: expected SHA-256 "
              + expected
              + " of the decompressed content but found "
              + IdxBytes.sha256(content)
              + "); "
              + KnownDataset.FASHION_MNIST.howToGet(),
          message);
      if (source.real()) {
        assertTrue(
            message.contains("0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"));
      }
      assertEquals(1, mirror.hits(TEST_LABELS + ".gz"), "a corrupt file is not retried");
    }
    assertTrue(Files.notExists(cache.resolve(TEST_LABELS + ".gz")), "nothing kept");
  }
}
