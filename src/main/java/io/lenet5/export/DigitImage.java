package io.lenet5.export;

import io.lenet5.UserException;
import io.lenet5.data.GrayImage;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A digit image prepared as the model expects: {@code side x side}, gray, white on black, pixels in
 * [0, 1].
 *
 * <p>Any image ImageIO reads (PNG above all) is accepted if it is square, at least {@code side x
 * side} and at most {@value #MAX_SIDE}x{@value #MAX_SIDE} (checked from the file's header, before
 * decoding): colour becomes gray (ITU-R BT.601 luma; alpha is ignored), larger images are shrunk by
 * area averaging. MNIST digits are light on a dark background; for a model of such images, an image
 * whose mean brightness is above one half is taken for a dark digit on a light background and
 * inverted.
 *
 * @param pixels {@code side * side} floats, row-major
 * @param width the width of the file's image
 * @param height the height of the file's image
 * @param inverted whether the image was inverted to white on black
 */
public record DigitImage(float[] pixels, int width, int height, boolean inverted) {
  /** The largest width and height read: a 4096x4096 image decodes into about 130 MB. */
  public static final int MAX_SIDE = GrayImage.MAX_SIDE;

  /**
   * Reads and prepares {@code file} for a model of {@code side x side} inputs.
   *
   * @param invertLight whether a mostly light image is inverted (a model of light figures on dark,
   *     as MNIST's), or left as it is (a model of a folder of images)
   * @throws UserException if the file is missing, not an image, corrupt, not square, smaller than
   *     {@code side x side} or larger than {@value #MAX_SIDE}x{@value #MAX_SIDE}
   */
  public static DigitImage read(Path file, int side, boolean invertLight) {
    if (!Files.isRegularFile(file)) {
      String found = Files.isDirectory(file) ? "a folder" : "nothing";
      throw new UserException(file + ": expected a PNG image, found " + found);
    }
    GrayImage image =
        GrayImage.read(
            file, "not an image (expected a PNG)", (w, h) -> checkSize(file, side, w, h));
    boolean inverted = invertLight && image.mean() > 0.5;
    float[] pixels = image.resized(side, side);
    if (inverted) {
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = 1f - pixels[i];
      }
    }
    return new DigitImage(pixels, image.width(), image.height(), inverted);
  }

  private static void checkSize(Path file, int side, int w, int h) {
    if (w != h || w < side || w > MAX_SIDE) {
      throw new UserException(
          "%s: expected a square image of %dx%d to %dx%d pixels (larger ones are resized),"
                  .formatted(file, side, side, MAX_SIDE, MAX_SIDE)
              + " got %dx%d".formatted(w, h));
    }
  }
}
