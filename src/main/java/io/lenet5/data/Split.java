package io.lenet5.data;

import io.lenet5.UserException;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A seeded split of the training set into train and validation parts.
 *
 * @param train the images left for training
 * @param validation the held-out images
 */
public record Split(Dataset train, Dataset validation) {
  /** Checks for nulls. */
  public Split {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(validation, "validation");
  }

  /**
   * Shuffles the indices of {@code full} with a Fisher-Yates shuffle driven by {@code
   * SplittableRandom(seed)}; the first {@code validationSize} of the permutation become the
   * validation set and the rest, in permutation order, the training set. The same seed gives the
   * same split.
   *
   * @throws UserException if {@code validationSize} is negative or not less than {@code
   *     full.size()}
   */
  public static Split of(Dataset full, int validationSize, long seed) {
    if (validationSize < 0 || validationSize >= full.size()) {
      throw new UserException(
          "validation size: expected 0.."
              + (full.size() - 1)
              + " (fewer than the "
              + full.size()
              + " training images) but found "
              + validationSize);
    }
    int[] order = permutation(full.size(), new SplittableRandom(seed));
    return new Split(
        full.subset(Arrays.copyOfRange(order, validationSize, order.length)),
        full.subset(Arrays.copyOfRange(order, 0, validationSize)));
  }

  /**
   * The split a data section asks for: {@link #of(Dataset, int, long)} of the training images, the
   * training part cut to {@code maxTrainImages}.
   */
  public static Split of(ImageData data, DataConfig config, long seed) {
    Split split = of(data.train(), config.validationSize(), seed);
    Integer max = config.maxTrainImages();
    return max == null || max >= split.train().size()
        ? split
        : new Split(split.train().head(max), split.validation());
  }

  /** A random permutation of 0..n-1 (Fisher-Yates) drawn from {@code random} only. */
  public static int[] permutation(int n, SplittableRandom random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
