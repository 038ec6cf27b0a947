package io.lenet5.export;

import io.lenet5.UserException;
import io.lenet5.model.LeNet5;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A digit image prepared as the model expects: 28x28, gray, white on black, pixels in [0, 1].
 *
 * <p>Any image ImageIO reads (PNG above all) is accepted if it is square, at least 28x28 and at
 * most {@value #MAX_SIDE}x{@value #MAX_SIDE} (checked from the file's header, before decoding):
 * colour becomes gray (ITU-R BT.601 luma; alpha is ignored), larger images are shrunk by area
 * averaging. MNIST digits are light on a dark background; an image whose mean brightness is above
 * one half is taken for a dark digit on a light background and inverted.
 *
 * @param pixels 784 floats, row-major
 * @param width the width of the file's image
 * @param height the height of the file's image
 * @param inverted whether the image was inverted to white on black
 */
public record DigitImage(float[] pixels, int width, int height, boolean inverted) {
  /** The largest width and height read: a 4096x4096 image decodes into about 130 MB. */
  public static final int MAX_SIDE = 4096;

  private static final int SIDE = LeNet5.IMAGE_SIZE;

  /**
   * Reads and prepares {@code file}.
   *
   * @throws UserException if the file is missing, not an image, corrupt, not square, smaller than
   *     28x28 or larger than {@value #MAX_SIDE}x{@value #MAX_SIDE}
   */
  public static DigitImage read(Path file) {
    if (!Files.isRegularFile(file)) {
      String found = Files.isDirectory(file) ? "a folder" : "nothing";
      throw new UserException(file + ": expected a PNG image, found " + found);
    }
    BufferedImage image = decode(file);
    int w = image.getWidth();
    int h = image.getHeight();
    float[] gray = gray(image);
    double sum = 0;
    for (float v : gray) {
      sum += v;
    }
    boolean inverted = sum / gray.length > 0.5;
    float[] pixels = w == SIDE ? gray : shrink(gray, w);
    if (inverted) {
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = 1f - pixels[i];
      }
    }
    return new DigitImage(pixels, w, h, inverted);
  }

  /** Decodes the image once its header shows a size that {@link #checkSize} accepts. */
  private static BufferedImage decode(Path file) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new UserException(file + ": not an image (expected a PNG)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        checkSize(file, reader.getWidth(0), reader.getHeight(0));
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new UserException(file + ": corrupt image (" + e.getMessage() + ")", e);
    }
  }

  private static void checkSize(Path file, int w, int h) {
    if (w != h || w < SIDE || w > MAX_SIDE) {
      throw new UserException(
          "%s: expected a square image of 28x28 to %dx%d pixels (larger ones are resized),"
                  .formatted(file, MAX_SIDE, MAX_SIDE)
              + " got %dx%d".formatted(w, h));
    }
  }

  /**
   * Brightness in [0, 1], row-major. Gray images are read from their samples: {@code getRGB} would
   * pass them through a linear-to-sRGB conversion and change every value.
   */
  private static float[] gray(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    float[] gray = new float[w * h];
    if (image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
      Raster raster = image.getRaster();
      float max = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          gray[y * w + x] = raster.getSample(x, y, 0) / max;
        }
      }
      return gray;
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = image.getRGB(x, y);
        gray[y * w + x] =
            (0.299f * (rgb >> 16 & 0xff) + 0.587f * (rgb >> 8 & 0xff) + 0.114f * (rgb & 0xff))
                / 255f;
      }
    }
    return gray;
  }

  /** Area-averages a {@code side x side} image down to 28x28, one axis at a time. */
  private static float[] shrink(float[] image, int side) {
    float[] columns = new float[SIDE * side]; // 28 rows of side values
    for (int x = 0; x < side; x++) {
      resample(image, x, side, side, columns, x, side);
    }
    float[] out = new float[SIDE * SIDE];
    for (int y = 0; y < SIDE; y++) {
      resample(columns, y * side, 1, side, out, y * SIDE, 1);
    }
    return out;
  }

  /**
   * Resamples {@code side} values of {@code src} (from index {@code from}, {@code step} apart) to
   * 28 values of {@code dst} (from {@code to}, {@code dstStep} apart): each output is the mean of
   * the source interval it covers, partly covered source values weighted by their overlap.
   */
  private static void resample(
      float[] src, int from, int step, int side, float[] dst, int to, int dstStep) {
    double scale = (double) side / SIDE;
    for (int o = 0; o < SIDE; o++) {
      double start = o * scale;
      double end = start + scale;
      double total = 0;
      for (int i = (int) start; i < Math.min(side, Math.ceil(end)); i++) {
        total += (Math.min(end, i + 1) - Math.max(start, i)) * src[from + i * step];
      }
      dst[to + o * dstStep] = (float) (total / scale);
    }
  }
}
