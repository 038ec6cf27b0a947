package io.lenet5.train;

import java.util.SplittableRandom;

/**
 * Changes a batch of training images in place, drawing only from the stream it is handed, which the
 * trainer derives from the seed and the epoch: a run then reproduces and resumes. An instance keeps
 * scratch buffers, so it serves one thread.
 */
public interface Augmentation {
  /** Leaves the images as they are and draws nothing. */
  Augmentation NONE = (pixels, count, random) -> {};

  /** Changes the first {@code count} images of {@code pixels} (h*w floats each) in place. */
  void apply(float[] pixels, int count, SplittableRandom random);

  /**
   * What {@code config} asks for: warps (shifts included) when it {@link TrainingConfig#warps
   * warps}, else whole-pixel shifts when it shifts, else nothing, for images of {@code height x
   * width}.
   *
   * @throws UserException if it warps images that are not square
   */
  static Augmentation of(TrainingConfig config, int height, int width) {
    config.checkImages(height, width);
    if (config.warps()) {
      return new WarpAugmentation(config, height);
    }
    return config.augmentShift() > 0
        ? new ShiftAugmentation(config.augmentShift(), height, width)
        : NONE;
  }
}
