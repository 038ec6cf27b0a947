package io.lenet5.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.lenet5.AtomicFiles;
import io.lenet5.UserException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a folder of labelled images: labels, resizing, the cache and the errors users meet. */
class ImageFolderTest {
  private static final int SIDE = Dataset.MNIST_SIDE;

  @TempDir Path tmp;
  private Path data;
  private Path cache;
  private String log;

  @BeforeEach
  void paths() {
    data = tmp.resolve("data");
    cache = tmp.resolve("cache");
  }

  private ImageFolder.Loaded load(int side) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      return ImageFolder.load(data, side, cache, out);
    } finally {
      log = bytes.toString(StandardCharsets.UTF_8);
    }
  }

  /**
   * Three classes, written out of order: cat (a 56x56 image of 2x2 blocks, an RGB 40x30 one), dog
   * (a 1x1 white one), emu (a 7x3 one, an RGB 28x28 one); test holds dog and emu only.
   */
  private void animals() throws Exception {
    TestPngs.uniform(data.resolve("train/emu/1.png"), 7, 3, 51);
    TestPngs.rgb(data.resolve("train/emu/2.png"), SIDE, SIDE, 0xffffff);
    TestPngs.uniform(data.resolve("train/dog/1.png"), 1, 1, 255);
    TestPngs.gray(data.resolve("train/cat/1.png"), 56, 56, ImageFolderTest::block);
    TestPngs.rgb(data.resolve("train/cat/2.png"), 40, 30, 0xc86432); // (200, 100, 50)
    Files.writeString(data.resolve("train/dog/.DS_Store"), "not an image");
    Files.writeString(data.resolve("train/.DS_Store"), "not a folder");
    Files.createDirectories(data.resolve("train/.ipynb_checkpoints"));
    TestPngs.uniform(data.resolve("test/emu/1.png"), 5, 9, 17);
    TestPngs.uniform(data.resolve("test/dog/1.png"), 3, 3, 0);
  }

  /** Pixel {@code x, y} of the 56x56 image: block {@code (x/2, y/2)} holds a, a+2, a+4, a+6. */
  private static int block(int x, int y) {
    return (x / 2 * 3 + y / 2 * 5) % 200 + 2 * (x % 2 + 2 * (y % 2));
  }

  @Test
  void labelsFollowTheSortedClassNames() throws Exception {
    animals();
    ImageFolder.Loaded loaded = load(SIDE);
    assertEquals(List.of("cat", "dog", "emu"), loaded.classNames());
    assertArrayEquals(new byte[] {0, 0, 1, 2, 2}, loaded.train().labelBytes());
    assertArrayEquals(new byte[] {1, 2}, loaded.test().labelBytes()); // no cat in test/
    assertEquals(3, loaded.train().classes());
    assertEquals(3, loaded.test().classes());
    assertEquals(SIDE, loaded.train().height());
    assertEquals(SIDE, loaded.test().width());
    assertEquals(64, loaded.sha256().length());
    assertTrue(log.contains("decoding 7 images in " + data), log);
  }

  @Test
  void imagesAreGrayedAndResizedByAreaAveraging() throws Exception {
    animals();
    ImageFolder.Loaded loaded = load(SIDE);
    Dataset train = loaded.train();
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        assertEquals(block(2 * x, 2 * y) + 3, train.pixel(0, y, x)); // the mean of a 2x2 block
        assertEquals(124, train.pixel(1, y, x)); // 0.299 * 200 + 0.587 * 100 + 0.114 * 50
        assertEquals(255, train.pixel(2, y, x)); // one pixel spread over all
        assertEquals(51, train.pixel(3, y, x)); // not square, not inverted
        assertEquals(255, train.pixel(4, y, x));
        assertEquals(17, loaded.test().pixel(1, y, x));
      }
    }
  }

  @Test
  void growingSpreadsEachPixelOverTheOutputsItCovers() throws Exception {
    TestPngs.gray(data.resolve("train/a/1.png"), 3, 1, (x, y) -> 90 * x);
    TestPngs.gray(data.resolve("train/b/1.png"), 4, 4, (x, y) -> 10 * (y * 4 + x));
    TestPngs.uniform(data.resolve("test/a/1.png"), 2, 2, 9);
    ImageFolder.Loaded loaded = load(8);
    // Source column i spans [8i, 8i+8) in eighths, output column o spans [3o, 3o+3).
    int[] row = {0, 0, 30, 90, 90, 150, 180, 180};
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        assertEquals(row[x], loaded.train().pixel(0, y, x));
        assertEquals(10 * (y / 2 * 4 + x / 2), loaded.train().pixel(1, y, x)); // 2x2 copies
      }
    }
  }

  @Test
  void secondLoadReadsTheCache() throws Exception {
    animals();
    List<Path> before = tree(data);
    ImageFolder.Loaded first = load(SIDE);
    ImageFolder.Loaded second = load(SIDE);
    Path file = cache.resolve("folders/" + key(data, SIDE) + ".bin");
    assertEquals("read 7 images from the cache " + file + "\n", log);
    assertSame(first, second);
    assertEquals(before, tree(data)); // nothing written into the user's folder
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      assertEquals("L5IMGDIR", new String(in.readNBytes(8), StandardCharsets.US_ASCII));
      assertEquals(1, in.readInt()); // the format
      assertEquals(first.sha256(), in.readUTF());
      assertEquals(SIDE, in.readInt());
    }
    ImageFolder.Loaded small = load(16); // another side: another key, another digest
    assertTrue(log.startsWith("decoding 7 images"), log);
    assertTrue(Files.exists(cache.resolve("folders/" + key(data, 16) + ".bin")));
    assertNotEquals(first.sha256(), small.sha256());
  }

  @Test
  void changingOneFileInvalidatesTheCache() throws Exception {
    animals();
    ImageFolder.Loaded first = load(SIDE);
    TestPngs.uniform(data.resolve("train/emu/1.png"), 7, 3, 204);
    ImageFolder.Loaded changed = load(SIDE);
    assertTrue(log.contains("(the folder's content changed since then)"), log);
    assertTrue(log.contains("decoding 7 images"), log);
    assertEquals(204, changed.train().pixel(3, 5, 5));
    assertNotEquals(first.sha256(), changed.sha256());
    assertSame(changed, load(SIDE));
    assertTrue(log.startsWith("read 7 images from the cache"), log);
  }

  @Test
  void aDamagedCacheIsIgnoredAndReplaced() throws Exception {
    animals();
    ImageFolder.Loaded first = load(SIDE);
    Path file = cache.resolve("folders/" + key(data, SIDE) + ".bin");
    byte[] good = Files.readAllBytes(file);
    Files.writeString(file, "garbage");
    assertSame(first, load(SIDE));
    assertTrue(
        log.startsWith("ignoring the image cache " + file + " (not a cache this tool wrote)"));
    assertArrayEquals(good, Files.readAllBytes(file));
    Files.write(file, Arrays.copyOf(good, good.length / 2));
    assertSame(first, load(SIDE));
    assertTrue(log.contains(" (unreadable: truncated); decoding again"), log);
    byte[] flipped = good.clone();
    flipped[flipped.length - 100] ^= 1; // a pixel of the last test image
    Files.write(file, flipped);
    assertSame(first, load(SIDE));
    assertTrue(log.contains(" (checksum mismatch); decoding again"), log);
    load(SIDE);
    assertTrue(log.startsWith("read 7 images from the cache"), log);
  }

  @Test
  void aCacheThatCannotBeWrittenIsOnlyAWarning() throws Exception {
    animals();
    Files.writeString(cache, "a file where the cache folder should be");
    ImageFolder.Loaded loaded = load(SIDE);
    assertEquals(5, loaded.train().size());
    assertTrue(log.contains("warning: "), log);
    assertTrue(log.contains("; the decoded images are not cached"), log);
  }

  @Test
  void progressIsToldForLargeFolders() throws Exception {
    byte[] png = Files.readAllBytes(TestPngs.uniform(tmp.resolve("one.png"), 1, 1, 7));
    for (int i = 0; i < 1000; i++) {
      Path file = data.resolve("train/" + (i % 2 == 0 ? "a" : "b") + "/%04d.png".formatted(i));
      Files.createDirectories(file.getParent());
      Files.write(file, png);
    }
    Files.createDirectories(data.resolve("test/a"));
    Files.write(data.resolve("test/a/1.png"), png);
    ImageFolder.Loaded loaded = load(Dataset.MIN_SIDE);
    assertEquals(1000, loaded.train().size());
    assertTrue(log.startsWith("decoding 1,001 images in " + data + "\n"), log);
    assertEquals(10, log.lines().filter(l -> l.startsWith("decoded ")).count(), log);
    assertTrue(log.contains("decoded 101 of 1,001 images\n"), log);
    assertTrue(log.endsWith("decoded 1,001 of 1,001 images\n"), log);
  }

  @Test
  void theSideMustBeInRange() throws Exception {
    animals();
    assertEquals("data.imageSize: must be in 8..256, got 7", message(7));
    assertEquals("data.imageSize: must be in 8..256, got 257", message(257));
  }

  @Test
  void layoutErrorsNameThePath() throws Exception {
    assertEquals(
        data
            + ": expected a folder holding train/ and test/ folders of class folders, found"
            + " nothing",
        message(SIDE));
    Files.writeString(data, "a file");
    assertTrue(message(SIDE).endsWith(", found a file"), message(SIDE));
    Files.delete(data);
    Path train = Files.createDirectories(data).resolve("train");
    assertEquals(train + ": expected a folder of class folders, found nothing", message(SIDE));
    Files.createDirectories(train);
    assertEquals(train + ": expected 2 or more class folders, found none", message(SIDE));
    Files.delete(train);
    Files.writeString(train, "a file");
    assertEquals(train + ": expected a folder of class folders, found a file", message(SIDE));
    Files.delete(train);
    TestPngs.uniform(train.resolve("a/1.png"), 2, 2, 0);
    assertEquals(train + ": expected 2 or more class folders, found 1 (a)", message(SIDE));
    TestPngs.uniform(train.resolve("b/1.png"), 2, 2, 0);
    assertEquals(
        data.resolve("test") + ": expected a folder of class folders, found nothing",
        message(SIDE));
    Path test = Files.createDirectories(data.resolve("test"));
    assertEquals(test + ": expected class folders, found none", message(SIDE));
    TestPngs.uniform(test.resolve("zebra/1.png"), 2, 2, 0);
    assertEquals(
        test.resolve("zebra") + ": expected a class that train/ has (a, b), found zebra",
        message(SIDE));
    AtomicFiles.deleteRecursively(test.resolve("zebra"));
    TestPngs.uniform(test.resolve("a/1.png"), 2, 2, 0);
    assertEquals(2, load(SIDE).train().size());
  }

  @Test
  void contentErrorsNameThePath() throws Exception {
    valid();
    Path train = data.resolve("train");
    Path notes = Files.writeString(train.resolve("notes.txt"), "x");
    assertEquals(notes + ": expected only class folders in train/, found a file", message(SIDE));
    Files.delete(notes);
    notes = Files.writeString(data.resolve("test/notes.txt"), "x");
    assertEquals(notes + ": expected only class folders in test/, found a file", message(SIDE));
    Files.delete(notes);
    Path empty = Files.createDirectories(train.resolve("c"));
    Files.writeString(empty.resolve(".DS_Store"), "x"); // dot files do not count
    assertEquals(empty + ": expected image files, found none", message(SIDE));
    TestPngs.uniform(empty.resolve("1.png"), 2, 2, 0);
    empty = Files.createDirectories(data.resolve("test/c"));
    assertEquals(empty + ": expected image files, found none", message(SIDE));
    Path sub = Files.createDirectories(train.resolve("a/sub"));
    assertEquals(sub + ": expected image files in a class folder, found a folder", message(SIDE));
    Files.delete(sub);
    Files.delete(empty);
    Path many = Files.createDirectories(tmp.resolve("many/train"));
    for (int i = 0; i <= Dataset.MAX_CLASSES; i++) {
      Files.createDirectories(many.resolve("c" + i));
    }
    data = many.getParent();
    assertEquals(
        many + ": expected at most 256 class folders (a label is one byte), found 257",
        message(SIDE));
  }

  @Test
  void imageErrorsNameTheFile() throws Exception {
    valid();
    Path text = Files.writeString(data.resolve("train/b/2.png"), "not an image");
    assertEquals(text + ": not an image ImageIO can read", message(SIDE));
    Path later = Files.writeString(data.resolve("train/b/3.png"), "not an image either");
    assertEquals(text + ": not an image ImageIO can read", message(SIDE)); // the first in order
    Files.delete(later);
    byte[] whole = Files.readAllBytes(TestPngs.uniform(tmp.resolve("whole.png"), 30, 30, 9));
    Files.write(text, Arrays.copyOf(whole, whole.length / 2));
    assertTrue(message(SIDE).startsWith(text + ": corrupt image ("), message(SIDE));
    Files.write(text, TestPngs.header(30_000, 30_000));
    assertEquals(
        text + ": expected an image of 1x1 to 4096x4096 pixels (it is resized), got 30000x30000",
        message(SIDE));
    Files.write(text, TestPngs.header(4097, 1));
    assertTrue(message(SIDE).endsWith("got 4097x1"), message(SIDE));
  }

  @Test
  void anUnreadableFileIsNamed() throws Exception {
    valid();
    Path file = data.resolve("train/b/1.png");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    assumeFalse(Files.isReadable(file), "root reads every file");
    assertEquals(
        file + ": not an image ImageIO can read (cannot read it: permission denied)",
        message(SIDE));
  }

  @Test
  void imagesThatWouldNotFitAreRefusedBeforeAllocating() {
    UserException heap =
        assertThrows(
            UserException.class, () -> ImageFolder.checkMemory(data, 1000, 24, 256, 100L << 20));
    assertEquals(
        data
            + ": 1,024 images of 256x256 take 64 MB, more than half the Java heap (100 MB) can"
            + " hold; give the JVM more memory with -Xmx or choose a smaller data.imageSize",
        heap.getMessage());
    UserException array =
        assertThrows(
            UserException.class,
            () -> ImageFolder.checkMemory(data, 40_000, 0, 256, Long.MAX_VALUE));
    assertEquals(
        data
            + ": 40,000 images of 256x256 take 2,500 MB, more than one Java array holds (2,047"
            + " MB); choose a smaller data.imageSize",
        array.getMessage());
  }

  /** Two classes of one 2x2 image each, and one test image. */
  private void valid() {
    TestPngs.uniform(data.resolve("train/a/1.png"), 2, 2, 0);
    TestPngs.uniform(data.resolve("train/b/1.png"), 2, 2, 255);
    TestPngs.uniform(data.resolve("test/a/1.png"), 2, 2, 0);
  }

  private String message(int side) {
    return assertThrows(UserException.class, () -> load(side)).getMessage();
  }

  private static void assertSame(ImageFolder.Loaded expected, ImageFolder.Loaded actual) {
    assertEquals(expected.classNames(), actual.classNames());
    assertEquals(expected.sha256(), actual.sha256());
    assertArrayEquals(expected.train().labelBytes(), actual.train().labelBytes());
    assertArrayEquals(expected.train().pixelBytes(), actual.train().pixelBytes());
    assertArrayEquals(expected.test().labelBytes(), actual.test().labelBytes());
    assertArrayEquals(expected.test().pixelBytes(), actual.test().pixelBytes());
  }

  /** The cache file's name as the layout defines it, computed here independently. */
  private static String key(Path dir, int side) throws Exception {
    byte[] text = (dir.toAbsolutePath().normalize() + "\n" + side).getBytes(StandardCharsets.UTF_8);
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(text))
        .substring(0, 16);
  }

  private static List<Path> tree(Path dir) throws Exception {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.sorted().toList();
    }
  }
}
