package io.lenet5.data;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A data set's training and test images as training uses them, with their class names and the
 * provenance of the files they came from.
 *
 * @param name the known data set's name, {@value DataConfig#IDX} for any other IDX folder or
 *     {@value DataConfig#FOLDER} for a folder of images
 * @param train the training images (split further with {@link Split})
 * @param test the test images, of the same size and classes
 * @param classNames the name of each class, in label order
 * @param sha256 file name (e.g. {@code "train-images-idx3-ubyte"}, or {@code "folder"}) to the hex
 *     SHA-256 of its decompressed content, in the data set's order of files; unmodifiable
 * @param files the same names to the file or folder each was read from, for messages; unmodifiable
 */
public record ImageData(
    String name,
    Dataset train,
    Dataset test,
    List<String> classNames,
    Map<String, String> sha256,
    Map<String, Path> files) {
  /** Checks that both sets agree with the class names and makes unmodifiable copies. */
  public ImageData {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    classNames = List.copyOf(classNames);
    if (train.classes() != classNames.size()
        || test.classes() != classNames.size()
        || train.height() != test.height()
        || train.width() != test.width()) {
      throw new IllegalArgumentException(
          "data: training images "
              + train.describe()
              + ", test images "
              + test.describe()
              + ", "
              + classNames.size()
              + " class names");
    }
    sha256 = Collections.unmodifiableMap(new LinkedHashMap<>(sha256));
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }
}
