package io.lenet5.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.TestData;
import io.lenet5.UserException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sizes read from data files are checked against what is present before memory is spent. */
class DataBoundsTest {
  @TempDir Path tmp;

  /** Reads a small valid pair once, so that loading classes does not count as allocation. */
  private void warmUp() {
    IdxReader.read(
        IdxBytes.write(tmp, "warm-images", IdxBytes.images(2, 1)),
        IdxBytes.write(tmp, "warm-labels", IdxBytes.labels(2, 1)),
        10);
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  @Test
  void aHeaderPromisingManyImagesCostsOnlyWhatTheFileHolds() {
    // 1,000,000 images would be 784 MB; the file holds 100 of them.
    int promised = 1_000_000;
    Path images =
        IdxBytes.write(
            tmp,
            "images.gz",
            IdxBytes.gzip(IdxBytes.images(0x803, promised, 28, 28, IdxBytes.pixels(100, 1))));
    Path labels = IdxBytes.write(tmp, "labels", IdxBytes.labels(100, 1));
    warmUp();
    long before = allocatedBytes();
    String message =
        assertThrows(UserException.class, () -> IdxReader.read(images, labels, 10)).getMessage();
    long allocated = allocatedBytes() - before;
    assertTrue(message.endsWith("(truncated)"), message);
    assertTrue(allocated < 32L << 20, "allocated " + allocated + " bytes for a 100-image file");
  }

  @Test
  void aHeaderPromisingMoreThanTheHeapHoldsIsRefusedBeforeReading() {
    int promised = 2_739_000; // 2.1 GB of pixels
    Path images =
        IdxBytes.write(
            tmp, "images", IdxBytes.images(0x803, promised, 28, 28, IdxBytes.pixels(1, 1)));
    Path labels = IdxBytes.write(tmp, "labels", IdxBytes.labels(1, 1));
    warmUp();
    long before = allocatedBytes();
    String message =
        assertThrows(UserException.class, () -> IdxReader.read(images, labels, 10)).getMessage();
    long allocated = allocatedBytes() - before;
    assertTrue(allocated < 32L << 20, "allocated " + allocated + " bytes");
    long heap = Runtime.getRuntime().maxMemory();
    assertTrue(2_739_000L * 784 > heap / 2, "the test JVM's heap is too large for this case");
    assertTrue(
        message.startsWith(images + ": the header promises 2,739,000 images (2,047 MB)"), message);
    assertTrue(message.contains("-Xmx"), message);
  }

  @Test
  void anEmptyTestSetIsAnError() {
    Map<String, byte[]> files = new HashMap<>(IdxBytes.tinyMnist());
    files.put(TestData.TEST_IMAGES, IdxBytes.images(0, 3));
    files.put(TestData.TEST_LABELS, IdxBytes.labels(0, 3));
    IdxBytes.writeGzipped(tmp, files);
    DataOptions options =
        DataOptions.defaults()
            .withEnv(Map.<String, String>of()::get)
            .withDataDir(tmp)
            .withMirrors(List.of())
            .withDownloadAllowed(false)
            .withVerifyChecksums(false)
            .withLog(new PrintStream(new ByteArrayOutputStream()));
    String message =
        assertThrows(UserException.class, () -> new IdxRepository(options, null).load())
            .getMessage();
    assertEquals(
        tmp.resolve(TestData.TEST_IMAGES + ".gz") + ": expected at least one image, found none",
        message);
  }

  @Test
  void aHeaderPromisingLargeImagesCostsOnlyWhatTheFileHolds() {
    // 100,000 images of 256x256 would be 6.5 GB; the file holds one of them.
    Path images =
        IdxBytes.write(
            tmp,
            "images",
            IdxBytes.images(0x803, 100_000, 256, 256, IdxBytes.pixels(1, 1, 256 * 256)));
    Path labels = IdxBytes.write(tmp, "labels", IdxBytes.labels(1, 1));
    warmUp();
    long before = allocatedBytes();
    String message =
        assertThrows(UserException.class, () -> IdxReader.read(images, labels, 10)).getMessage();
    long allocated = allocatedBytes() - before;
    assertTrue(allocated < 32L << 20, "allocated " + allocated + " bytes");
    assertEquals(
        images
            + ": expected at most 32767 images (what fits in one array) but the header promises"
            + " 100000",
        message);
  }
}
