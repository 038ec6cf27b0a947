package io.lenet5.data;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The MNIST training and test sets as used by training, with the provenance of the files they came
 * from.
 *
 * @param train the 60,000 training images (split further with {@link Split})
 * @param test the 10,000 test images
 * @param sha256 decompressed-file name (e.g. {@code "train-images-idx3-ubyte"}) to the hex SHA-256
 *     of its decompressed content, as computed while reading; unmodifiable
 * @param files the same names to the file each was read from, for messages; unmodifiable
 */
public record MnistData(
    Dataset train, Dataset test, Map<String, String> sha256, Map<String, Path> files) {
  /** Checks for nulls and makes {@code sha256} and {@code files} unmodifiable copies. */
  public MnistData {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    sha256 = Map.copyOf(sha256);
    files = Map.copyOf(files);
  }
}
