package io.lenet5.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.UserException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog of known data sets, and loading sets other than MNIST, on synthetic files. */
class KnownDatasetTest {
  private static final List<String> NAMES = KnownDataset.IDX_NAMES;
  private static final String TRAIN_IMAGES = NAMES.get(KnownDataset.TRAIN_IMAGES);
  private static final String TEST_LABELS = NAMES.get(KnownDataset.TEST_LABELS);

  @TempDir Path tmp;

  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  /** No environment, no mirrors, no retries, a cache in {@link #tmp}, checksums verified. */
  private DataOptions options() {
    return DataOptions.defaults()
        .withEnv(Map.<String, String>of()::get)
        .withCacheDir(tmp.resolve("cache"))
        .withMirrors(List.of())
        .withRetries(0, Duration.ZERO)
        .withLog(new PrintStream(log, true));
  }

  private ImageData load(Path dir, KnownDataset known) {
    return new IdxRepository(options().withDataDir(dir), known).load();
  }

  private static String failure(DataOptions options, KnownDataset known) {
    return assertThrows(UserException.class, () -> new IdxRepository(options, known).load())
        .getMessage();
  }

  private Path folder(String name, Map<String, byte[]> files) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    IdxBytes.writeGzipped(dir, files);
    return dir;
  }

  @Test
  void everyKnownSetIsFoundByItsName() {
    assertSame(KnownDataset.MNIST, KnownDataset.ALL.get(0));
    assertEquals(6, KnownDataset.ALL.size());
    for (KnownDataset known : KnownDataset.ALL) {
      assertSame(known, KnownDataset.byName(known.name()));
      assertEquals(4, known.files().size(), known.name());
    }
    assertEquals(NAMES, KnownDataset.FASHION_MNIST.files());
    assertEquals(
        "emnist-letters-test-labels-idx1-ubyte",
        KnownDataset.EMNIST_LETTERS.files().get(KnownDataset.TEST_LABELS));
  }

  @Test
  void aMisspelledNameSuggestsTheNearest() {
    assertEquals(
        "data.name: expected one of mnist, fashion-mnist, kmnist, emnist-digits, emnist-letters,"
            + " emnist-balanced, got 'fashion-mnst' (did you mean 'fashion-mnist'?)",
        assertThrows(UserException.class, () -> KnownDataset.byName("fashion-mnst")).getMessage());
    assertTrue(
        assertThrows(UserException.class, () -> KnownDataset.byName("cifar-10"))
            .getMessage()
            .endsWith(", got 'cifar-10'"),
        "no suggestion when nothing is near");
  }

  @Test
  void classesAndLayoutOfEachSet() {
    assertEquals(KnownDataset.numbers(10), KnownDataset.MNIST.classNames());
    assertEquals("Ankle boot", KnownDataset.FASHION_MNIST.classNames().get(9));
    assertEquals(10, KnownDataset.KMNIST.classNames().size());
    assertEquals(KnownDataset.numbers(10), KnownDataset.EMNIST_DIGITS.classNames());
    List<String> letters = KnownDataset.EMNIST_LETTERS.classNames();
    assertEquals(26, letters.size());
    assertEquals(List.of("a", "z"), List.of(letters.get(0), letters.get(25)));
    assertEquals(1, KnownDataset.EMNIST_LETTERS.firstLabel());
    assertEquals(47, KnownDataset.EMNIST_BALANCED.classNames().size());
    assertEquals("t", KnownDataset.EMNIST_BALANCED.classNames().get(46));
    for (KnownDataset known : KnownDataset.ALL) {
      assertEquals(known.name().startsWith("emnist-"), known.transposed(), known.name());
    }
    assertEquals(List.of("0", "1", "2"), KnownDataset.numbers(3));
  }

  @Test
  void contentSizeIsTheHeaderAndTheItems() {
    KnownDataset mnist = KnownDataset.MNIST;
    assertEquals(16 + 60_000L * 784, mnist.contentSize(TRAIN_IMAGES));
    assertEquals(8 + 60_000, mnist.contentSize(NAMES.get(KnownDataset.TRAIN_LABELS)));
    assertEquals(16 + 10_000L * 784, mnist.contentSize(NAMES.get(KnownDataset.TEST_IMAGES)));
    assertEquals(8 + 10_000, mnist.contentSize(TEST_LABELS));
    KnownDataset letters = KnownDataset.EMNIST_LETTERS;
    assertEquals(8 + 20_800, letters.contentSize(letters.files().get(KnownDataset.TEST_LABELS)));
  }

  @Test
  void digestsOnRecord() {
    assertTrue(KnownDataset.MNIST.hasDigests());
    assertTrue(KnownDataset.FASHION_MNIST.hasDigests());
    assertTrue(KnownDataset.KMNIST.hasDigests(), "the gzip files' digests count");
    assertFalse(KnownDataset.EMNIST_LETTERS.hasDigests());

    String content = KnownDataset.MNIST.sha256().get(TRAIN_IMAGES);
    assertTrue(KnownDataset.MNIST.accepts(TRAIN_IMAGES, content, "f".repeat(64)));
    assertFalse(KnownDataset.MNIST.accepts(TRAIN_IMAGES, "f".repeat(64), content));
    assertEquals(
        content + " of the decompressed content", KnownDataset.MNIST.expectedDigest(TRAIN_IMAGES));

    String gzip = KnownDataset.KMNIST.gzipSha256().get(TRAIN_IMAGES);
    assertTrue(KnownDataset.KMNIST.accepts(TRAIN_IMAGES, "f".repeat(64), gzip));
    assertFalse(KnownDataset.KMNIST.accepts(TRAIN_IMAGES, gzip, "f".repeat(64)));
    assertEquals(gzip + " of the gzip file", KnownDataset.KMNIST.expectedDigest(TRAIN_IMAGES));
  }

  @Test
  void theRecordKeepsUnmodifiableCopies() {
    List<String> classes = new ArrayList<>(List.of("cat", "dog"));
    KnownDataset pets =
        new KnownDataset(
            "pets", NAMES, 1, 1, Map.of(), Map.of(), List.of(), classes, 0, false, "ask");
    classes.add("emu");
    assertEquals(List.of("cat", "dog"), pets.classNames());
    assertThrows(UnsupportedOperationException.class, () -> pets.classNames().add("emu"));
  }

  /** EMNIST stores each image column by column: byte {@code 28c + r} holds row r, column c. */
  private static int intended(int seed, int image, int row, int col) {
    return (seed + 7 * image + 28 * row + col) & 0xff;
  }

  private static byte[] columnByColumn(int count, int seed) {
    byte[] stored = new byte[count * 784];
    for (int i = 0; i < count; i++) {
      for (int r = 0; r < 28; r++) {
        for (int c = 0; c < 28; c++) {
          stored[i * 784 + c * 28 + r] = (byte) intended(seed, i, r, c);
        }
      }
    }
    return stored;
  }

  /** EMNIST-letters files: 6 training and 3 test images, stored column by column. */
  private static Map<String, byte[]> letters(byte[] trainLabels, byte[] testLabels) {
    return IdxBytes.files(
        KnownDataset.EMNIST_LETTERS.files(),
        IdxBytes.images(IdxBytes.IMAGES_MAGIC, 6, 28, 28, columnByColumn(6, 0)),
        IdxBytes.labels(trainLabels),
        IdxBytes.images(IdxBytes.IMAGES_MAGIC, 3, 28, 28, columnByColumn(3, 40)),
        IdxBytes.labels(testLabels));
  }

  @Test
  void emnistLettersAreUntransposedAndTheirLabelsStartAtZero() throws IOException {
    Map<String, byte[]> files = letters(new byte[] {1, 26, 13, 2, 25, 7}, new byte[] {26, 1, 14});
    // EMNIST_LETTERS with small counts and digests of these files
    KnownDataset known = IdxBytes.like(KnownDataset.EMNIST_LETTERS, files);

    ImageData data = load(folder("letters", files), known);

    assertEquals("emnist-letters", data.name());
    assertEquals("28x28, 26 classes", data.train().describe());
    assertEquals(KnownDataset.EMNIST_LETTERS.classNames(), data.classNames());
    assertEquals(List.of(0, 25, 12, 1, 24, 6), labels(data.train()));
    assertEquals(List.of(25, 0, 13), labels(data.test()));
    for (int i = 0; i < 6; i++) {
      for (int r = 0; r < 28; r++) {
        for (int c = 0; c < 28; c++) {
          assertEquals(intended(0, i, r, c), data.train().pixel(i, r, c));
        }
      }
    }
    assertEquals(intended(40, 2, 3, 17), data.test().pixel(2, 3, 17));
    assertEquals(IdxBytes.checksums(files), data.sha256(), "digests of the files as stored");
    assertEquals(
        KnownDataset.EMNIST_LETTERS.files(), List.copyOf(data.sha256().keySet()), "in file order");
  }

  private static List<Integer> labels(Dataset set) {
    List<Integer> labels = new ArrayList<>();
    for (int i = 0; i < set.size(); i++) {
      labels.add(set.label(i));
    }
    return labels;
  }

  @Test
  void emnistLetterLabelsOutside1To26AreNamed() throws IOException {
    List<String> names = KnownDataset.EMNIST_LETTERS.files();
    DataOptions unverified = options().withVerifyChecksums(false);

    Path high = folder("high", letters(new byte[] {1, 2, 3, 4, 5, 27}, new byte[] {1, 2, 3}));
    assertEquals(
        high.resolve(names.get(KnownDataset.TRAIN_LABELS) + ".gz")
            + ": label 27 at index 5 is outside 1..26",
        failure(unverified.withDataDir(high), KnownDataset.EMNIST_LETTERS));

    Path low = folder("low", letters(new byte[] {1, 2, 3, 4, 5, 6}, new byte[] {0, 1, 2}));
    assertEquals(
        low.resolve(names.get(KnownDataset.TEST_LABELS) + ".gz")
            + ": label 0 at index 0 is outside 1..26",
        failure(unverified.withDataDir(low), KnownDataset.EMNIST_LETTERS));
  }

  @Test
  void aSetWithoutPublishedDigestsSaysSoAndLoads() throws IOException {
    KnownDataset digits = KnownDataset.EMNIST_DIGITS;
    Map<String, byte[]> files =
        IdxBytes.files(
            digits.files(),
            IdxBytes.images(6, 0),
            IdxBytes.labels(6, 0),
            IdxBytes.images(3, 100),
            IdxBytes.labels(3, 5));
    Path dir = folder("digits", files);
    KnownDataset small = IdxBytes.withDigests(digits, files, Map.of(), Map.of());

    ImageData data = load(dir, small);

    assertEquals(6, data.train().size());
    assertEquals(5, data.test().label(0));
    assertEquals(
        "emnist-digits: no SHA-256 of its files is published; checked their sizes and labels"
            + " only\n",
        log.toString());
    // the real counts are still checked
    assertEquals(
        dir.resolve(digits.files().get(KnownDataset.TRAIN_IMAGES) + ".gz")
            + ": expected 240,000 images (emnist-digits) but found 6; pass --skip-verify to use"
            + " other data in the same format",
        failure(options().withDataDir(dir), digits));
  }

  @Test
  void aSetWithoutMirrorsSaysWhereToGetItsFiles() {
    Path cache = tmp.resolve("empty-cache");
    // null mirrors: the set's own, of which EMNIST has none
    DataOptions options = options().withCacheDir(cache).withMirrors(null);

    String message = failure(options, KnownDataset.EMNIST_BALANCED);

    assertEquals(
        "cache dir "
            + cache
            + ": missing emnist-balanced-train-images-idx3-ubyte.gz,"
            + " emnist-balanced-train-labels-idx1-ubyte.gz,"
            + " emnist-balanced-test-images-idx3-ubyte.gz,"
            + " emnist-balanced-test-labels-idx1-ubyte.gz; "
            + KnownDataset.EMNIST_BALANCED.howToGet(),
        message);
    assertFalse(message.contains("\n"), "one line");
    assertTrue(
        message.contains("https://www.nist.gov/itl/products-and-services/emnist-dataset"), message);
    assertTrue(Files.notExists(cache), "nothing written");
  }

  /** Tiny MNIST-named files, with a KMNIST look-alike that publishes only their gzip digests. */
  private record Kmnist(
      Map<String, byte[]> files, Map<String, byte[]> gzipped, KnownDataset known) {
    static Kmnist tiny() {
      Map<String, byte[]> files = IdxBytes.tinyMnist();
      Map<String, byte[]> gzipped = new HashMap<>();
      Map<String, String> digests = new HashMap<>();
      files.forEach(
          (name, content) -> {
            gzipped.put(name, IdxBytes.gzip(content));
            digests.put(name, IdxBytes.sha256(gzipped.get(name)));
          });
      return new Kmnist(
          files, gzipped, IdxBytes.withDigests(KnownDataset.KMNIST, files, Map.of(), digests));
    }

    /** The training images again, compressed differently: other bytes, the same content. */
    byte[] recompressed() {
      byte[] other = IdxBytes.gzip(files.get(TRAIN_IMAGES), java.util.zip.Deflater.NO_COMPRESSION);
      assertFalse(Arrays.equals(other, gzipped.get(TRAIN_IMAGES)), "other gzip bytes");
      assertEquals(
          IdxBytes.sha256(files.get(TRAIN_IMAGES)), IdxBytes.sha256(IdxBytes.gunzip(other)));
      return other;
    }
  }

  @Test
  void aGzipDigestAcceptsOnlyThatGzipFile() throws IOException {
    Kmnist kmnist = Kmnist.tiny();
    Path dir = Files.createDirectories(tmp.resolve("kmnist"));
    kmnist.gzipped().forEach((name, gzip) -> IdxBytes.write(dir, name + ".gz", gzip));

    ImageData data = load(dir, kmnist.known());
    assertEquals("kmnist", data.name());
    assertEquals("o", data.classNames().get(0));
    assertEquals(6, data.train().size());

    byte[] other = kmnist.recompressed();
    Path file = IdxBytes.write(dir, TRAIN_IMAGES + ".gz", other);
    assertEquals(
        file
            + ": expected SHA-256 "
            + kmnist.known().gzipSha256().get(TRAIN_IMAGES)
            + " of the gzip file but found "
            + IdxBytes.sha256(other)
            + "; replace the file, or pass --skip-verify to use other data in the same format",
        failure(options().withDataDir(dir), kmnist.known()));

    // a content digest accepts the same content however it is compressed
    assertEquals(6, load(dir, IdxBytes.like(KnownDataset.KMNIST, kmnist.files())).train().size());
  }

  @Test
  void aDownloadIsCheckedAgainstTheGzipDigest() {
    Kmnist kmnist = Kmnist.tiny();
    byte[] other = kmnist.recompressed();
    Path cache = tmp.resolve("cache");
    try (LocalMirror mirror = LocalMirror.serving("kmnist", Map.of(TRAIN_IMAGES + ".gz", other))) {
      assertEquals(
          "could not download train-images-idx3-ubyte.gz into "
              + cache
              + ": tried "
              + mirror.uri()
              + "/train-images-idx3-ubyte.gz (corrupt download: expected SHA-256 "
              + kmnist.known().gzipSha256().get(TRAIN_IMAGES)
              + " of the gzip file but found "
              + IdxBytes.sha256(other)
              + "); "
              + KnownDataset.KMNIST.howToGet(),
          failure(options().withMirrors(List.of(mirror.uri())), kmnist.known()));
      assertEquals(1, mirror.hits(TRAIN_IMAGES + ".gz"), "a corrupt file is not retried");
    }
    assertTrue(Files.notExists(cache.resolve(TRAIN_IMAGES + ".gz")));
  }
}
