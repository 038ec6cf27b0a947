package io.lenet5.data;

import java.util.List;
import java.util.Map;

/** Names of the four MNIST IDX files and the size and SHA-256 of their decompressed content. */
public final class MnistFiles {
  public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

  /** The four names (decompressed, without {@code .gz}), training files first. */
  public static final List<String> NAMES =
      List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

  /**
   * SHA-256 of the decompressed content of the original MNIST files. The content, not the gzip
   * wrapper, is checked, since mirrors recompress the same bytes differently.
   */
  public static final Map<String, String> SHA256 =
      Map.of(
          TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
          TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
          TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
          TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

  /**
   * Size in bytes of the decompressed content of each file: the IDX header, then 60,000 or 10,000
   * images of 28x28 bytes or labels of one byte. Look-alike data sets such as Fashion-MNIST have
   * the same sizes.
   */
  public static final Map<String, Long> SIZES =
      Map.of(
          TRAIN_IMAGES, 16L + 60_000L * 28 * 28,
          TRAIN_LABELS, 8L + 60_000L,
          TEST_IMAGES, 16L + 10_000L * 28 * 28,
          TEST_LABELS, 8L + 10_000L);

  private MnistFiles() {}
}
